import { ElementPicker } from './element-picker';

/** bpmn-js module: choose the element to edit from a list (keyboard and screen reader access) */
export default {
  __init__: ['elementPicker'],
  elementPicker: ['type', ElementPicker],
};
