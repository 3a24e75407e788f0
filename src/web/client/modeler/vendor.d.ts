/**
 * Declarations for the editor packages that ship no types (bpmn-js-properties-panel, element
 * templates, Camunda behaviours, bpmnlint integration, the Zeebe moddle JSON). They are bpmn-js modules
 * handed to `additionalModules`, so an opaque module type is all the pages need.
 */
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: object;
  export const BpmnPropertiesProviderModule: object;
  export const ZeebePropertiesProviderModule: object;
  export const ZeebeTooltipProvider: object;
}

declare module 'bpmn-js-element-templates' {
  export const CloudElementTemplatesPropertiesProviderModule: object;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const ZeebeBehaviorsModule: object;
  export default ZeebeBehaviorsModule;
}

declare module 'bpmn-js-bpmnlint' {
  const LintingModule: object;
  export default LintingModule;
}
