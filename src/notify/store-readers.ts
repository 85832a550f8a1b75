import type mongoose from 'mongoose';
import type { ContactPoint, LoadContactPoints, LoadMessageValues, LoadReporterContact } from './ports';
import type { ContactAndAssessmentPayload, DecisionPayload, ResponsibleParty } from '../domain/report';
import { caseStateModel } from '../store/case-state-model';
import { householdModel } from '../store/household-model';
import { reportModel } from '../store/report-model';
import { caseReferenceForMessage } from '../case-reference/case-reference';

/** Veilig Thuis' national number, free, 24/7. */
export const VT_PHONE = '0800-2000';

/**
 * A phone number as the SMS provider expects it: digits with country code, no '+' ("31612345678").
 * Dutch national numbers (06…) get 31. Undefined for something that is not a phone number.
 */
export function toSmsNumber(value: string): string | undefined {
  const compact = value.replace(/[\s().-]/g, '');
  if (/^\+\d{8,15}$/.test(compact)) return compact.slice(1);
  if (/^00\d{8,15}$/.test(compact)) return compact.slice(2);
  if (/^0\d{9}$/.test(compact)) return `31${compact.slice(1)}`;
  return undefined;
}

/**
 * The household's contact points from the case store (the API's household model), mapped to the
 * notification channels: phone → sms, email → email. A postal address is not an automated
 * channel (no letter is printed here): when it is the only safe one, the caseworker gets the
 * "contact the household another way" task. A phone number that cannot be read is left out.
 */
export function createContactPointLoader(connection: mongoose.Connection): LoadContactPoints {
  const households = householdModel(connection);
  return async (householdId) => {
    const household = await households.findOne({ _id: householdId }, { contactPoints: 1 }).lean();
    const points: ContactPoint[] = [];
    for (const p of household?.contactPoints ?? []) {
      if (p.channel === 'email') points.push({ contactPointId: p.contactPointId, channel: 'email', address: p.value, safety: p.safety });
      if (p.channel === 'phone') {
        const number = toSmsNumber(p.value);
        if (number) points.push({ contactPointId: p.contactPointId, channel: 'sms', address: number, safety: p.safety });
      }
    }
    return points;
  };
}

const OVERSIGHT_NL: Record<ResponsibleParty, string> = {
  reporter: 'De melder houdt een oogje in het zeil en blijft voor u het eerste aanspreekpunt.',
  'veilig-thuis': 'Veilig Thuis houdt zelf een oogje in het zeil.',
  'local-team': 'Het lokale team (wijkteam) houdt een oogje in het zeil.',
  'care-provider': 'Uw hulpverlener houdt een oogje in het zeil.',
  'household-network': 'Mensen om u heen, uit uw eigen netwerk, houden een oogje in het zeil.',
  'child-protection-board': 'De Raad voor de Kinderbescherming houdt een oogje in het zeil.',
};
export interface MessageValueSources {
  /** Free text kept in the case store (agreements), by the opaque reference a payload carries. */
  loadNote?: (ref: string) => Promise<string | undefined>;
  /** An organisation's display name by id (handover receiver). */
  loadOrganisationName?: (organisationId: string) => Promise<string | undefined>;
}

/**
 * Placeholder values from the case store: the report's reference, the agreements (the note the
 * caseworker wrote, or else plain sentences made from the recorded codes) and the receiving
 * organisation. Dutch unless the household is known to prefer English (not yet in the store).
 */
export function createMessageValueLoader(connection: mongoose.Connection, sources: MessageValueSources = {}): LoadMessageValues {
  const caseStates = caseStateModel(connection);
  return async ({ reportId }) => {
    const language = 'nl' as const;
    const state = await caseStates.findOne({ _id: reportId }, { view: 1 }).lean();
    const decisions = ((state?.view as { decisions?: { type: string; payload: unknown }[] } | undefined)?.decisions ?? []);
    const contact = decisions.filter((d) => d.type === 'contact-and-assessment').at(-1)?.payload as ContactAndAssessmentPayload | undefined;
    const decision = decisions.filter((d) => d.type === 'decision').at(-1)?.payload as DecisionPayload | undefined;

    let agreements = contact?.agreementsRef && sources.loadNote ? await sources.loadNote(contact.agreementsRef) : undefined;
    if (!agreements) {
      const oversight = contact ? OVERSIGHT_NL[contact.safetyOversight] : undefined;
      const acts = contact?.veiligThuisActs ? 'Veilig Thuis neemt zelf contact met u op.' : 'Wij spraken af dat de melder met u in gesprek blijft.';
      agreements = oversight ? `${oversight} ${acts}` : 'Uw medewerker van Veilig Thuis vertelt u graag wat er is afgesproken.';
    }
    const receiver = decision?.branch === 'handover' ? decision.receiver : undefined;
    const receivingOrganisation =
      (receiver && sources.loadOrganisationName ? await sources.loadOrganisationName(receiver.organisationId) : undefined) ??
      (receiver?.kind === 'care-provider' ? 'een hulpverlener' : 'het lokale team bij u in de buurt');
    // The short reference people can read aloud on the phone, never the internal id.
    const reportReference = await caseReferenceForMessage(connection, reportId);
    return { language, values: { reportReference, vtPhone: VT_PHONE, agreements, receivingOrganisation } };
  };
}


/** The reporter's e-mail address or SMS number from the report (reporters have no safety flag: they reported). */
export function createReporterContactLoader(connection: mongoose.Connection): LoadReporterContact {
  const reports = reportModel(connection);
  return async (reportId) => {
    const report = await reports.findOne({ _id: reportId }, { reporter: 1 }).lean();
    if (!report) return undefined;
    const phone = report.reporter.phone ? toSmsNumber(report.reporter.phone) : undefined;
    return { ...(report.reporter.email ? { email: report.reporter.email } : {}), ...(phone ? { phone } : {}) };
  };
}
