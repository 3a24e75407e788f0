/**
 * German wording of the bpmnlint findings the editor lists. bpmnlint's own rules report in English; the
 * platform rules (platform/…) report in German and keep their message. Unknown rules keep the English
 * original rather than hiding it.
 */
const RULE_TEXT: Record<string, string> = {
  'label-required': 'Dem Element fehlt eine Bezeichnung.',
  'start-event-required': 'Dem Prozess fehlt ein Startereignis.',
  'end-event-required': 'Dem Prozess fehlt ein Endereignis.',
  'no-disconnected': 'Das Element ist mit keinem anderen verbunden.',
  'no-implicit-split': 'Bedingte Flüsse ohne Gateway: bitte ein Gateway verwenden.',
  'no-implicit-start': 'Das Element hat keinen eingehenden Fluss und ist kein Startereignis.',
  'no-implicit-end': 'Das Element hat keinen ausgehenden Fluss und ist kein Endereignis.',
  'fake-join': 'Mehrere eingehende Flüsse ohne Gateway: bitte ein zusammenführendes Gateway verwenden.',
  'conditional-flows': 'Ein ausgehender Fluss des Gateways hat weder Bedingung noch ist er Standardfluss.',
  'no-gateway-join-fork': 'Das Gateway führt zusammen und verzweigt zugleich.',
  'no-complex-gateway': 'Komplexe Gateways werden nicht unterstützt.',
  'no-inclusive-gateway': 'Inklusive Gateways werden nicht unterstützt.',
  'no-duplicate-sequence-flows': 'Doppelter Sequenzfluss zwischen denselben Elementen.',
  'no-bpmndi': 'Das Element ist im Diagramm nicht dargestellt.',
  'no-overlapping-elements': 'Das Element überdeckt ein anderes.',
  'single-blank-start-event': 'Der Prozess hat mehr als ein leeres Startereignis.',
  'single-event-definition': 'Das Ereignis hat mehr als eine Ereignisdefinition.',
  'superfluous-gateway': 'Das Gateway ist überflüssig (nur ein ein- und ein ausgehender Fluss).',
  'superfluous-termination': 'Das Terminierungsereignis ist überflüssig.',
  'superfluous-label': 'Die Bezeichnung wird nicht angezeigt.',
  'sub-process-blank-start-event': 'Der Teilprozess braucht ein leeres Startereignis.',
  'event-sub-process-typed-start-event': 'Das Startereignis des Ereignis-Teilprozesses braucht einen Typ.',
  'event-based-gateway': 'Auf ein ereignisbasiertes Gateway dürfen nur Zwischenereignisse folgen.',
  'link-event': 'Zu dem Link-Ereignis fehlt das passende Gegenstück.',
  global: 'Das globale Element wird nicht verwendet oder ist doppelt.',
  'camunda-compat/implementation':
    'Die Implementierung fehlt: bitte einen Job-Typ eintragen oder eine Vorlage wählen.',
  'camunda-compat/sequence-flow-condition': 'Die Bedingung des Sequenzflusses fehlt oder ist ungültig.',
  'camunda-compat/feel': 'Der FEEL-Ausdruck ist ungültig.',
  'camunda-compat/executable-process': 'Der Prozess ist nicht als ausführbar markiert.',
  'camunda-compat/element-type': 'Dieser Elementtyp wird von der Prozess-Engine nicht unterstützt.',
  'camunda-compat/message-reference': 'Dem Nachrichtenereignis fehlt die Nachricht.',
  'camunda-compat/subscription': 'Der Nachricht fehlt der Korrelationsschlüssel.',
  'camunda-compat/error-reference': 'Dem Fehlerereignis fehlt der Fehler oder dessen Code.',
  'camunda-compat/timer': 'Die Zeitangabe des Timers fehlt oder ist ungültig.',
  'camunda-compat/io-mapping': 'Eine Ein- oder Ausgabezuordnung ist unvollständig.',
  'camunda-compat/called-element': 'Dem Aufrufaktivität fehlt die Prozess-ID.',
  'camunda-compat/user-task-form': 'Das Formular der Benutzeraufgabe ist unvollständig.',
  'camunda-compat/user-task-definition': 'Die Benutzeraufgabe ist unvollständig definiert.',
  'camunda-compat/variable-name': 'Der Variablenname ist ungültig.',
  'camunda-compat/no-loop': 'Der Ablauf enthält eine Schleife ohne wartendes Element.',
};

export function germanLintMessage(rule: string, message: string): string {
  if (rule.startsWith('platform/')) return message;
  return RULE_TEXT[rule] ?? message;
}
