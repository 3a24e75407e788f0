/// <reference lib="dom" />

interface ElementTemplate {
  id: string;
  name: string;
  description?: string;
  version?: number;
}

interface DiagramElement {
  id: string;
}

interface ElementTemplates {
  getLatest(element: DiagramElement): ElementTemplate[];
  applyTemplate(element: DiagramElement, template: ElementTemplate): DiagramElement;
}

interface EventBus {
  on(event: string, callback: (event: { element: DiagramElement }) => void): void;
}

interface Selection {
  select(element: DiagramElement): void;
}

/**
 * The element template chooser: the properties panel's "Vorlage wählen" fires `elementTemplates.select`;
 * this opens a modal <dialog> listing the templates that apply to the element (the platform's job
 * types with name and description), filterable by typing, and applies the chosen one. Keyboard: the
 * filter field has focus, Tab reaches the entries, Escape closes (native dialog behaviour).
 */
export class TemplateChooser {
  static $inject = ['eventBus', 'elementTemplates', 'selection'];

  private dialog?: HTMLDialogElement;

  constructor(
    eventBus: EventBus,
    private readonly elementTemplates: ElementTemplates,
    private readonly selection: Selection,
  ) {
    eventBus.on('elementTemplates.select', (event) => this.open(event.element));
  }

  open(element: DiagramElement): void {
    const templates = this.elementTemplates
      .getLatest(element)
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    const returnFocus = document.activeElement as HTMLElement | null;
    const dialog = this.build();
    const filter = dialog.querySelector<HTMLInputElement>('input')!;
    const list = dialog.querySelector<HTMLUListElement>('ul')!;
    const count = dialog.querySelector<HTMLElement>('[data-count]')!;
    const draw = (): void => {
      const q = filter.value.trim().toLocaleLowerCase('de');
      const shown = templates.filter(
        (t) => !q || `${t.name} ${t.description ?? ''} ${t.id}`.toLocaleLowerCase('de').includes(q),
      );
      count.textContent = `${shown.length} von ${templates.length} Vorlagen`;
      list.replaceChildren(
        ...shown.map((t) => {
          const li = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'vorlage';
          button.textContent = t.name;
          if (t.description) {
            const description = document.createElement('span');
            description.className = 'vorlage-beschreibung';
            description.textContent = t.description;
            button.append(description);
          }
          button.addEventListener('click', () => {
            const applied = this.elementTemplates.applyTemplate(element, t);
            dialog.close();
            this.selection.select(applied ?? element);
          });
          li.append(button);
          return li;
        }),
      );
    };
    filter.value = '';
    filter.oninput = draw;
    dialog.onclose = () => returnFocus?.focus();
    draw();
    dialog.showModal();
    filter.focus();
  }

  private build(): HTMLDialogElement {
    if (this.dialog) return this.dialog;
    const dialog = document.createElement('dialog');
    dialog.id = 'vorlagen-dialog';
    dialog.setAttribute('aria-labelledby', 'vorlagen-titel');
    dialog.innerHTML = `
      <h2 id="vorlagen-titel">Vorlage wählen</h2>
      <p>Die Vorlagen sind die Aufgaben, für die die Plattform einen Bearbeiter hat.</p>
      <label for="vorlagen-filter">Vorlagen durchsuchen</label>
      <input type="search" id="vorlagen-filter" autocomplete="off" />
      <p data-count role="status" aria-live="polite"></p>
      <ul class="vorlagen"></ul>
      <button type="button" data-close>Abbrechen</button>`;
    dialog.querySelector<HTMLButtonElement>('[data-close]')!.addEventListener('click', () => dialog.close());
    document.body.append(dialog);
    this.dialog = dialog;
    return dialog;
  }
}
