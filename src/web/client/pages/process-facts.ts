/// <reference lib="dom" />
import { h, type Child } from '../dom';
import { formatDate, formatDateTime, valueLabel } from '../labels';

type Rec = Record<string, unknown>;

/**
 * Where the case stands in the statutory process: the assessment clock until the decision, the
 * monitoring checks, and a postponed informing of the household. Codes and dates only.
 */
export function processFacts(timeline: Rec, phase: string): Child {
  const assessment = timeline.assessment as Rec | undefined;
  const monitoring = timeline.monitoring as Rec | undefined;
  const informing = timeline.householdInforming as Rec | undefined;
  const beforeDecision = [
    'received',
    'awaiting-transparency',
    'contact-and-assessment',
    'household-informed',
    'decision',
  ].includes(phase);
  return [
    assessment && beforeDecision
      ? [
          h('dt', {}, 'Beoordelingstermijn'),
          h(
            'dd',
            { 'data-testid': 'beoordelingstermijn' },
            `Besluit over vervolg uiterlijk ${formatDateTime(String(assessment.dueAt))} (5 werkdagen na ${Number(assessment.round) > 1 ? 'de nieuwe beoordeling' : 'ontvangst'})`,
          ),
        ]
      : null,
    monitoring && phase === 'monitoring'
      ? [
          h('dt', {}, 'Monitoring'),
          h(
            'dd',
            { 'data-testid': 'monitoring' },
            `${Number(monitoring.checksDone)} van ${Number(monitoring.checksPlanned)} controles gedaan`,
            monitoring.nextCheckAt ? `; volgende controle op ${formatDate(String(monitoring.nextCheckAt))}` : '',
            monitoring.lastOutcome
              ? `; laatste uitkomst: ${valueLabel('outcome', String(monitoring.lastOutcome))}`
              : '',
          ),
        ]
      : null,
    informing ? [h('dt', {}, 'Huishouden informeren'), h('dd', {}, informingText(informing))] : null,
  ];
}

function informingText(informing: Rec): string {
  const reason = valueLabel('postponeInforming', String(informing.reason));
  switch (informing.status) {
    case 'postponement-requested':
      return `Uitstel gevraagd (${reason}); wacht op akkoord van de teamleider. Brieven aan het huishouden wachten.`;
    case 'postponed':
      return `Uitgesteld tot uiterlijk ${formatDate(String(informing.informBy))} (${reason}). Brieven aan het huishouden wachten.`;
    case 'informed':
      return 'Geïnformeerd na uitstel.';
    default:
      return 'Niet geïnformeerd bij afsluiting.';
  }
}
