import type mongoose from 'mongoose';
import type { ContactPoint, LoadContactPoints, LoadMessageValues } from './ports';
import type { Language } from '../domain/notify';
import type { ContactAndAssessmentPayload, DecisionPayload, InvestigationConclusionPayload } from '../domain/report';
import { caseStateModel } from '../store/case-state-model';
import { reportModel } from '../store/report-model';
import { householdModel } from '../store/household-model';
import { caseReferenceForMessage } from '../case-reference/case-reference';
import { loadPhrases, type PhraseGroup, type Phrases } from './phrases';

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
      if (p.channel === 'email')
        points.push({ contactPointId: p.contactPointId, channel: 'email', address: p.value, safety: p.safety });
      if (p.channel === 'phone') {
        const number = toSmsNumber(p.value);
        if (number)
          points.push({ contactPointId: p.contactPointId, channel: 'sms', address: number, safety: p.safety });
      }
    }
    return points;
  };
}

export interface MessageValueSources {
  /** Free text kept in the case store (agreements), by the opaque reference a payload carries. */
  loadNote?: (ref: string) => Promise<string | undefined>;
  /** An organisation's display name by id (handover receiver). */
  loadOrganisationName?: (organisationId: string) => Promise<string | undefined>;
  /** Codes as words per language (templates/<language>/phrases.json); read from the template folder when not given. */
  phrases?: Phrases;
}

type Decisions = { type: string; payload: unknown }[];
function latest<T>(decisions: Decisions, type: string): T | undefined {
  return decisions.filter((d) => d.type === type).at(-1)?.payload as T | undefined;
}

/**
 * Placeholder values from the case store, in the household's language (Dutch unless it chose
 * English): the report's short reference, the agreements (the note the caseworker wrote, or else
 * plain sentences made from the recorded codes), the receiving organisation, and an
 * investigation's conclusion and the sources asked, in words made from the recorded codes.
 */
export function createMessageValueLoader(
  connection: mongoose.Connection,
  sources: MessageValueSources = {},
): LoadMessageValues {
  const caseStates = caseStateModel(connection);
  const households = householdModel(connection);
  let phrases = sources.phrases;
  return async ({ reportId, householdId }) => {
    phrases ??= loadPhrases();
    const household = await households.findById(householdId, { language: 1 }).lean();
    const language: Language = household?.language ?? 'nl';
    const say = (group: PhraseGroup, code: string) => phrases!.get(group, code, language);
    const state = await caseStates.findOne({ _id: reportId }, { view: 1 }).lean();
    const decisions = (state?.view as { decisions?: Decisions } | undefined)?.decisions ?? [];
    const contact = latest<ContactAndAssessmentPayload>(decisions, 'contact-and-assessment');
    const decision = latest<DecisionPayload>(decisions, 'decision');
    const investigation = latest<InvestigationConclusionPayload>(decisions, 'investigation');

    // A reporter who asked not to be named: the agreements made with them would point at them.
    const report = await reportModel(connection).findById(reportId, { 'reporter.anonymousToHousehold': 1 }).lean();
    const reporterAnonymous = report?.reporter?.anonymousToHousehold === true;
    let agreements =
      !reporterAnonymous && contact?.agreementsRef && sources.loadNote
        ? await sources.loadNote(contact.agreementsRef)
        : undefined;
    if (reporterAnonymous) {
      agreements = say('agreements', 'ask-your-caseworker');
    } else if (!agreements) {
      const acts = say('agreements', contact?.veiligThuisActs ? 'veilig-thuis-acts' : 'reporter-stays-in-touch');
      agreements = contact
        ? `${say('oversight', contact.safetyOversight)} ${acts}`
        : say('agreements', 'ask-your-caseworker');
    }
    const receiver =
      decision?.branch === 'handover'
        ? decision.receiver
        : investigation?.next === 'handover'
          ? investigation.receiver
          : undefined;
    const receivingOrganisation =
      (receiver && sources.loadOrganisationName
        ? await sources.loadOrganisationName(receiver.organisationId)
        : undefined) ?? say('receivingOrganisation', receiver?.kind ?? 'local-team');
    const conclusion = say('investigationFindings', investigation?.findings ?? 'unclear');
    // Once each: a conclusion recorded before the API refused repeated sources may hold one twice.
    const asked = investigation?.sources?.length ? [...new Set(investigation.sources)] : ['none'];
    const sourceList = asked.map((code) => say('investigationSources', code)).join(', ');
    // The short reference people can read aloud on the phone, never the internal id.
    const reportReference = await caseReferenceForMessage(connection, reportId);
    return {
      language,
      values: {
        reportReference,
        vtPhone: VT_PHONE,
        agreements,
        receivingOrganisation,
        conclusion,
        sources: sourceList,
      },
    };
  };
}
