import { TemplateChooser } from './template-chooser';

/** bpmn-js module: picks an element template in a dialog (needs the element templates modules) */
export default {
  __init__: ['templateChooser'],
  templateChooser: ['type', TemplateChooser],
};
