/**
 * Types for the CommonJS modules of bpmnlint and its camunda-compat plugin that the platform's lint
 * configuration imports statically (the packages ship no declarations for these paths). Narrowed to
 * the types of ./lint.types where they are used.
 */
declare module 'bpmnlint/rules/*' {
  const rule: (config?: unknown) => { check: unknown; meta?: unknown };
  export = rule;
}

declare module 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/*' {
  const rule: (config?: unknown) => { check: unknown; meta?: unknown };
  export = rule;
}

declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, unknown> };
  export = config;
}

declare module 'bpmnlint-plugin-camunda-compat' {
  const plugin: { configs: Record<string, { rules: Record<string, unknown> }> };
  export = plugin;
}

declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config?: unknown; resolver: unknown });
    lint(
      definitions: unknown,
    ): Promise<Record<string, { id?: string; message: string; category: string; path?: string[] }[]>>;
  }
}
