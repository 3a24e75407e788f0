/**
 * What other modules hand to `NotificationsService.notify` (issue 8 § 3). A notification names no person
 * and no status detail: its title carries at most the file number, and the link leads to the page where
 * the signed-in user sees the rest (under their own access rights).
 */
export const NOTIFICATION_KINDS = [
  'task-assigned',
  'task-new-in-unit',
  'deadline-approaching',
  'deadline-escalation',
  'deadline-overdue-list',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** who receives it: one user (by username) or every active member of an agency unit (candidate group) */
export type NotificationRecipient = { username: string } | { unit: string };

export interface NotificationInput {
  kind: NotificationKind;
  recipient: NotificationRecipient;
  /** German, e.g. "Frist läuft bald ab: Az. ABH-2026-0042" — no names, no status details */
  title: string;
  /** a path inside the platform, e.g. "/aufgaben/<id>" (made absolute for e-mails) */
  link: string;
  /** the file number (Aktenzeichen) the notification is about, if any; shown in e-mails */
  fileNumber?: string | null;
  /**
   * notifications with the same key for the same recipient within the bundling window become one
   * (e.g. "3 neue Aufgaben in ABH"); omit for one notification per call
   */
  bundleKey?: string | null;
  /** the title of a bundle of n (`{n}` is replaced), e.g. "{n} neue Aufgaben in ABH"; default: title */
  bundleTitle?: string | null;
  /** the link of a bundle (e.g. the unit's task list); default: link */
  bundleLink?: string | null;
  /** don't notify this user (the one who caused the event) */
  exceptUsername?: string | null;
}

/** how a user wants e-mails: one per notification, once a day, or none */
export const EMAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
