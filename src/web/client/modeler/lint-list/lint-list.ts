/// <reference lib="dom" />
import { germanLintMessage } from './lint-messages';

/** one finding as bpmn-js-bpmnlint hands it over with `linting.completed` */
interface LintReport {
  id: string;
  message: string;
  /** 'error', 'warn' or 'info' */
  category: string;
  rule: string;
  actualElementId?: string;
}

interface EventBus {
  on(event: string, callback: (event: { issues: Record<string, LintReport[]> }) => void): void;
}

interface DiagramElement {
  id: string;
  businessObject?: { name?: string; $type?: string };
}

interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
}

interface Canvas {
  scrollToElement(element: DiagramElement): void;
}

interface Selection {
  select(element: DiagramElement): void;
}

/** bpmn-js-bpmnlint's service: `lint()` answers the findings per rule */
interface Linting {
  lint(): Promise<Record<string, { message: string }[]>>;
}

export interface LintListConfig {
  /** the element the list is drawn into (a <section> with a heading of its own) */
  container: HTMLElement;
}

/** the findings in the order the list shows them: errors first, then by element name */
export interface ListedIssue {
  elementId: string;
  elementName: string;
  rule: string;
  message: string;
  category: 'error' | 'warn';
}

/**
 * Lists the live lint findings beside the diagram, naming each element, so the errors on the canvas
 * are also readable without a mouse: each entry is a button that selects the element and scrolls it
 * into view (the properties panel then shows it). Counts go to a polite live region.
 */
export class LintList {
  static $inject = ['eventBus', 'elementRegistry', 'canvas', 'selection', 'linting', 'config.lintList'];

  private issues: ListedIssue[] = [];

  constructor(
    eventBus: EventBus,
    private readonly elementRegistry: ElementRegistry,
    private readonly canvas: Canvas,
    private readonly selection: Selection,
    linting: Linting,
    private readonly config: LintListConfig | undefined,
  ) {
    eventBus.on('linting.completed', (event) => this.update(event.issues));
    // the overlays on the elements show the finding's message too: German there as well
    const lint = linting.lint.bind(linting);
    linting.lint = async () => {
      const results = await lint();
      for (const [rule, reports] of Object.entries(results)) {
        for (const report of reports) report.message = germanLintMessage(rule, report.message);
      }
      return results;
    };
  }

  /** the findings currently listed */
  get current(): ListedIssue[] {
    return this.issues;
  }

  get errorCount(): number {
    return this.issues.filter((i) => i.category === 'error').length;
  }

  private update(grouped: Record<string, LintReport[]>): void {
    const issues: ListedIssue[] = [];
    for (const reports of Object.values(grouped)) {
      for (const r of reports) {
        const elementId = r.actualElementId ?? r.id;
        const element = this.elementRegistry.get(elementId);
        const name = element?.businessObject?.name?.trim();
        issues.push({
          elementId,
          elementName: name ? `${name} (${elementId})` : elementId,
          rule: r.rule,
          message: germanLintMessage(r.rule, r.message),
          category: r.category === 'error' ? 'error' : 'warn',
        });
      }
    }
    issues.sort(
      (a, b) =>
        (a.category === b.category ? 0 : a.category === 'error' ? -1 : 1) ||
        a.elementName.localeCompare(b.elementName, 'de'),
    );
    this.issues = issues;
    this.render();
  }

  private render(): void {
    const container = this.config?.container;
    if (!container) return;
    const errors = this.errorCount;
    const warnings = this.issues.length - errors;
    const summary = container.querySelector<HTMLElement>('[data-lint-summary]');
    if (summary) {
      summary.textContent =
        this.issues.length === 0
          ? 'Keine Fehler oder Warnungen.'
          : `${errors} Fehler, ${warnings} ${warnings === 1 ? 'Warnung' : 'Warnungen'}.`;
    }
    container.dataset.fehler = String(errors);
    const list = container.querySelector<HTMLUListElement>('[data-lint-items]');
    if (!list) return;
    list.replaceChildren(
      ...this.issues.map((issue) => {
        const li = document.createElement('li');
        li.className = issue.category === 'error' ? 'lint-fehler' : 'lint-warnung';
        li.dataset.elementId = issue.elementId;
        li.dataset.rule = issue.rule;
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        const kind = document.createElement('strong');
        kind.textContent = issue.category === 'error' ? 'Fehler: ' : 'Warnung: ';
        button.append(kind, `${issue.elementName} – ${issue.message}`);
        button.addEventListener('click', () => this.show(issue.elementId));
        li.append(button);
        return li;
      }),
    );
  }

  private show(elementId: string): void {
    const element = this.elementRegistry.get(elementId);
    if (!element) return;
    try {
      this.canvas.scrollToElement(element);
    } catch {
      // the root element cannot be scrolled to; selecting it is enough
    }
    this.selection.select(element);
  }
}
