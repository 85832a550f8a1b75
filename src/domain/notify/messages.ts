import type { NoticeKind } from '../report/notices';
import type { Channel } from './contact';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Audience = 'household' | 'reporter' | 'caseworker' | 'supervisor' | 'on-call';

/** Staff audiences: their subjects carry no placeholders (lock screens), their bodies no personal data. */
export const STAFF_AUDIENCES: readonly Audience[] = ['caseworker', 'supervisor', 'on-call'];

export interface TemplateSpec {
  audience: Audience;
  channels: readonly Channel[];
  /** Every placeholder the template must use, and the only ones it may use. */
  placeholders: readonly string[];
}

const personal = ['email', 'sms'] as const;
const staff = ['email'] as const;

/**
 * Who gets what (issue 5). Templates live as files in templates/<language>/<id>.<channel>.txt and
 * are checked against this table at start-up. Staff templates have no placeholders in their
 * subject (checked too): a reminder's subject line shows on lock screens.
 */
export const TEMPLATE_SPECS = {
  'household-report-and-agreements': {
    audience: 'household',
    channels: personal,
    placeholders: ['reportReference', 'agreements', 'vtPhone'],
  },
  'household-decision-handover': {
    audience: 'household',
    channels: personal,
    placeholders: ['reportReference', 'receivingOrganisation', 'vtPhone'],
  },
  'household-decision-safety-conditions': {
    audience: 'household',
    channels: personal,
    placeholders: ['reportReference', 'vtPhone'],
  },
  'household-decision-investigation': {
    audience: 'household',
    channels: personal,
    placeholders: ['reportReference', 'vtPhone'],
  },
  'household-child-protection-board-request': {
    audience: 'household',
    channels: personal,
    placeholders: ['reportReference', 'vtPhone'],
  },
  'household-investigation-conclusion': {
    audience: 'household',
    channels: personal,
    placeholders: ['reportReference', 'conclusion', 'sources', 'vtPhone'],
  },
  'household-closure': { audience: 'household', channels: personal, placeholders: ['reportReference', 'vtPhone'] },
  'reporter-transparency-reminder': {
    audience: 'reporter',
    channels: personal,
    placeholders: ['reportReference', 'dueDate'],
  },
  'reporter-contact-confirmation': {
    audience: 'reporter',
    channels: personal,
    placeholders: ['reportReference', 'contactDate'],
  },
  'reporter-feedback': { audience: 'reporter', channels: personal, placeholders: ['reportReference', 'step'] },
  'caseworker-task-assigned': { audience: 'caseworker', channels: staff, placeholders: ['taskReference', 'inboxUrl'] },
  'caseworker-task-due-tomorrow': {
    audience: 'caseworker',
    channels: staff,
    placeholders: ['taskReference', 'dueDate', 'inboxUrl'],
  },
  'caseworker-task-overdue': {
    audience: 'caseworker',
    channels: staff,
    placeholders: ['taskReference', 'dueDate', 'inboxUrl'],
  },
  'caseworker-radar-alert': {
    audience: 'caseworker',
    channels: staff,
    placeholders: ['caseReference', 'relatedReference', 'inboxUrl'],
  },
  // Acute danger: SMS and e-mail at once to whoever is on call, never held for quiet hours.
  'on-call-alert': { audience: 'on-call', channels: personal, placeholders: ['caseReference', 'inboxUrl'] },
  'supervisor-daily-digest': {
    audience: 'supervisor',
    channels: staff,
    placeholders: ['date', 'overdueCount', 'atRiskCount', 'caseList', 'inboxUrl'],
  },
} as const satisfies Record<string, TemplateSpec>;

export type TemplateId = keyof typeof TEMPLATE_SPECS;
export const TEMPLATE_IDS = Object.keys(TEMPLATE_SPECS) as TemplateId[];

/** The household letter for a notice kind of the report workflow. */
export function householdTemplateFor(kind: NoticeKind): TemplateId {
  return `household-${kind}`;
}

/** A provider's delivery receipt as the notice-delivery workflow receives it: no personal data. */
export interface DeliveryReceipt {
  /** The opaque provider reference the message was sent with. */
  reference: string;
  status: 'delivered' | 'failed';
  /** For failures: true when the provider will not try again (unknown number, blocked, …). */
  permanent: boolean;
}

export function noticeDeliveryWorkflowId(noticeId: string): string {
  return `notice-${noticeId}`;
}

export function supervisorDigestWorkflowId(team: string): string {
  return `supervisor-digest-${team}`;
}

export function deliveryIdFor(noticeId: string, contactPointId: string): string {
  return `${noticeId}@${contactPointId}`;
}
