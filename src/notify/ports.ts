import type { Channel, ContactSafety, Language, TemplateId } from '../domain/notify';

/*
 * What the notification code reads from outside itself. Declared here, beside the code that reads
 * it, so the case-store readers and the staff directory implement them without depending on the
 * activities that use them, and tests can hand in their own.
 */

/** A household contact point as the case store holds it (the API's household model). */
export interface ContactPoint {
  contactPointId: string;
  channel: Channel;
  /** Email address or phone number (E.164 without '+', as the SMS provider expects). */
  address: string;
  safety: ContactSafety;
  language?: Language;
}

/** Reads a household's contact points from the case store, in the household's order of preference. */
export type LoadContactPoints = (householdId: string) => Promise<ContactPoint[]>;

/** The values of a template's placeholders, read from the case store when the message is sent. */
export type LoadMessageValues = (request: {
  templateId: TemplateId;
  noticeId: string;
  reportId: string;
  householdId: string;
}) => Promise<{ language?: Language; values: Record<string, string> }>;

/** Staff e-mail addresses (the staff directory / identity provider); only supervisors are needed so far. */
export type LoadStaff = (query: {
  role: 'supervisor' | 'caseworker';
  team: string;
  id?: string;
}) => Promise<{ id: string; email: string; language?: Language }[]>;
