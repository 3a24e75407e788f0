/// <reference lib="dom" />

interface BusinessObject {
  name?: string;
  $type?: string;
}

interface DiagramElement {
  id: string;
  type: string;
  labelTarget?: unknown;
  businessObject?: BusinessObject;
}

interface EventBus {
  on(events: string | string[], callback: (event: { newSelection?: DiagramElement[] }) => void): void;
}

interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  filter(fn: (element: DiagramElement) => boolean): DiagramElement[];
}

interface Canvas {
  scrollToElement(element: DiagramElement): void;
  getRootElement(): DiagramElement;
}

interface Selection {
  select(element: DiagramElement): void;
}

type Translate = (text: string) => string;

export interface ElementPickerConfig {
  /** the <select> (with its own <label>) the picker fills */
  select: HTMLSelectElement;
}

/**
 * Selects diagram elements without a mouse: a <select> beside the canvas lists every element (name,
 * type, id); choosing one selects it and scrolls it into view, so the properties panel shows it. The
 * list follows the diagram (elements added, renamed, removed) and the selection made on the canvas.
 */
export class ElementPicker {
  static $inject = [
    'eventBus',
    'elementRegistry',
    'canvas',
    'selection',
    'translate',
    'config.elementPicker',
  ];

  private fillPending = false;

  constructor(
    eventBus: EventBus,
    private readonly elementRegistry: ElementRegistry,
    private readonly canvas: Canvas,
    private readonly selection: Selection,
    private readonly translate: Translate,
    private readonly config: ElementPickerConfig | undefined,
  ) {
    const select = config?.select;
    if (!select) return;
    eventBus.on(['import.done', 'elements.changed'], () => this.scheduleFill());
    eventBus.on('selection.changed', (event) => {
      const chosen = event.newSelection?.[0];
      select.value = chosen && this.elementRegistry.get(chosen.id) ? chosen.id : '';
    });
    select.addEventListener('change', () => {
      const element = this.elementRegistry.get(select.value);
      if (!element) return;
      try {
        this.canvas.scrollToElement(element);
      } catch {
        // root elements cannot be scrolled to
      }
      this.selection.select(element);
    });
  }

  private scheduleFill(): void {
    if (this.fillPending) return;
    this.fillPending = true;
    queueMicrotask(() => {
      this.fillPending = false;
      this.fill();
    });
  }

  private typeLabel(element: DiagramElement): string {
    const raw = (element.businessObject?.$type ?? element.type).replace(/^bpmn:/, '');
    return this.translate(raw.replace(/(\B[A-Z])/g, ' $1'));
  }

  private fill(): void {
    const select = this.config?.select;
    if (!select) return;
    const root = this.canvas.getRootElement();
    const elements = this.elementRegistry
      .filter((e) => !e.labelTarget && e !== root && e.type !== 'label' && !e.id.endsWith('_plane'))
      .map((e) => {
        const name = e.businessObject?.name?.replace(/\s+/g, ' ').trim();
        return {
          id: e.id,
          text: `${name || '(ohne Namen)'} – ${this.typeLabel(e)} (${e.id})`,
          named: Boolean(name),
        };
      })
      .sort((a, b) => Number(b.named) - Number(a.named) || a.text.localeCompare(b.text, 'de'));
    const current = select.value;
    const none = document.createElement('option');
    none.value = '';
    none.textContent = '– Element wählen –';
    select.replaceChildren(
      none,
      ...elements.map((e) => {
        const option = document.createElement('option');
        option.value = e.id;
        option.textContent = e.text;
        return option;
      }),
    );
    select.value = elements.some((e) => e.id === current) ? current : '';
  }
}
