/** Dutch words for the codes the API speaks (docs/GLOSSARY.md). Unknown codes show as they are. */

export const TASK_TYPE_LABELS: Record<string, string> = {
  transparency: 'Transparantie vastleggen',
  'transparency-escalation': 'Transparantie: melder reageert niet',
  'contact-and-assessment': 'Contact met melder en veiligheidsbeoordeling',
  decision: 'Besluit over vervolg',
  'handover-acceptance': 'Overdracht: antwoord ontvangende organisatie',
  'handover-escalation': 'Overdracht: geen antwoord ontvangen',
  'safety-conditions': 'Veiligheidsvoorwaarden vastleggen',
  'safety-review': 'Veiligheidsvoorwaarde controleren',
  investigation: 'Onderzoek afronden',
  'child-protection-board-request': 'Verzoek aan Raad voor de Kinderbescherming',
  'monitoring-check': 'Monitoring: veiligheid nagaan',
  'informing-postponement-approval': 'Uitstel informeren huishouden: akkoord teamleider',
  'inform-household': 'Huishouden alsnog informeren',
  'contact-household': 'Huishouden op een andere manier informeren',
  'advice-follow-up': 'Vervolgadvies: contact opnemen',
  'household-match': 'Mogelijk bekend gezin: bevestigen of afwijzen',
};

export const PHASE_LABELS: Record<string, string> = {
  received: 'Ontvangen',
  'awaiting-transparency': 'Wacht op transparantie',
  'contact-and-assessment': 'Contact en veiligheidsbeoordeling',
  'household-informed': 'Huishouden geïnformeerd',
  decision: 'Besluit',
  handover: 'Overdracht',
  'safety-conditions': 'Veiligheidsvoorwaarden',
  investigation: 'Onderzoek',
  'child-protection-board-request': 'Verzoek Raad voor de Kinderbescherming',
  monitoring: 'Monitoring',
  closed: 'Afgesloten',
};

export const ROLE_LABELS: Record<string, string> = {
  caseworker: 'medewerker Veilig Thuis',
  supervisor: 'teamleider',
  admin: 'beheerder',
};

export const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  completed: 'Afgerond',
  cancelled: 'Vervallen',
};

export const WAITING_ON_LABELS: Record<string, string> = {
  reporter: 'de melder',
  caseworker: 'de medewerker',
  'receiving-organisation': 'de ontvangende organisatie',
  supervisor: 'de teamleider',
  suspended: 'niemand (opgeschort)',
};

/** Field names of forms built from schemas and of the API's bodies. */
export const FIELD_LABELS: Record<string, string> = {
  kind: 'Soort',
  'reporter.kind': 'Soort melder',
  'members.kind': 'Kind of volwassene',
  'receiver.kind': 'Soort organisatie',
  'owner.kind': 'Soort eigenaar',
  reporter: 'Melder',
  name: 'Naam',
  organisation: 'Organisatie (optioneel)',
  profession: 'Beroep (optioneel)',
  phone: 'Telefoonnummer (optioneel)',
  email: 'E-mailadres (optioneel)',
  household: 'Huishouden',
  members: 'Directbetrokkenen',
  birthDate: 'Geboortedatum (optioneel)',
  contactPoints: 'Contactgegevens van het huishouden',
  channel: 'Kanaal',
  value: 'Telefoonnummer, e-mailadres of adres',
  safety: 'Veilig om te gebruiken?',
  concern: 'Zorg',
  description: 'Omschrijving van de zorg',
  acuteDanger: 'Acuut gevaar',
  receivedAt: 'Ontvangen op (optioneel; leeg is nu)',
  professional: 'De professional die advies vraagt',
  'professional.profession': 'Beroep',
  'professional.organisation': 'Organisatie (optioneel)',
  topics: 'Besproken onderwerpen',
  followUpWanted: 'Vervolgadvies gewenst',
  followUp: 'Vervolgadvies',
  'followUp.contactOn': 'Contact opnemen op (een werkdag na vandaag; verplicht bij vervolgadvies)',
  nextContactOn: 'Volgend contact op (optioneel)',
  summary: 'Samenvatting (optioneel, zonder namen)',
  discussedOn: 'Besproken met cliënt op',
  clientReaction: 'Reactie van de cliënt',
  noteRef: 'Kenmerk notitie (optioneel)',
  reason: 'Reden',
  contactedAt: 'Contact met de melder op',
  contactedOn: 'Huishouden bereikt op',
  way: 'Op welke manier',
  safetyAssessment: 'Veiligheidsbeoordeling',
  safetyOversight: 'Zicht op veiligheid ligt bij',
  veiligThuisActs: 'Veilig Thuis moet actief handelen voor het huishouden',
  agreementsRef: 'Kenmerk afspraken (optioneel)',
  branch: 'Vervolg',
  receiver: 'Ontvangende organisatie',
  organisationId: 'Kenmerk organisatie',
  grounds: 'Grond',
  checkedOn: 'Nagegaan op',
  language: 'Taal van berichten',
  address: 'Adres (optioneel)',
  'household.address': 'Adres (optioneel)',
  postcode: 'Postcode',
  houseNumber: 'Huisnummer',
  houseNumberAddition: 'Toevoeging (optioneel)',
  street: 'Straat (optioneel)',
  city: 'Plaats (optioneel)',
  bsn: 'BSN (optioneel)',
  'household.id': 'Kenmerk van een bekend gezin (optioneel; uit “Gezin zoeken”)',
  anonymousToHousehold: 'Melder wil niet genoemd worden aan het huishouden',
  postponeInforming: 'Huishouden later informeren, want informeren brengt nu in gevaar (optioneel)',
  approved: 'Akkoord met uitstel',
  informBy: 'Huishouden uiterlijk informeren op',
  informedOn: 'Huishouden geïnformeerd op',
  sources: 'Gevraagde informanten (optioneel)',
  outcome: 'Uitkomst',
  acceptedOn: 'Geaccepteerd op',
  contactRef: 'Kenmerk contactpersoon (optioneel)',
  action: 'Actie',
  conditions: 'Veiligheidsvoorwaarden',
  conditionId: 'Kenmerk voorwaarde',
  owner: 'Eigenaar van de voorwaarde',
  id: 'Kenmerk',
  checkDate: 'Controledatum',
  nextCheckDate: 'Volgende controledatum (optioneel)',
  next: 'Vervolg na onderzoek',
  findings: 'Bevindingen',
  responsibility: 'Verantwoordelijkheid ligt bij',
  reportRef: 'Kenmerk onderzoeksrapport (optioneel)',
  submittedOn: 'Ingediend op',
  requestRef: 'Kenmerk verzoek',
  workingDays: 'Aantal werkdagen',
  from: 'Vanaf',
  until: 'Tot en met (gepland)',
  assignee: 'Medewerker',
  team: 'Team',
  taskId: 'Taak',
};

/** One item of a list field, for "Directbetrokkene 2" and "Directbetrokkene toevoegen". */
export const ITEM_LABELS: Record<string, string> = {
  members: 'Directbetrokkene',
  contactPoints: 'Contactpunt',
  conditions: 'Voorwaarde',
  topics: 'Onderwerp',
};

export { PARTY_LABELS, VALUE_LABELS, valueLabel } from './value-labels';

export function label(table: Record<string, string>, code: string | undefined | null): string {
  if (code === undefined || code === null || code === '') return '–';
  return table[code] ?? code;
}

const DATE_TIME = new Intl.DateTimeFormat('nl-NL', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Amsterdam',
});
const DATE = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });

// Dutch number notation: a decimal comma (0,1 uur), a point between thousands.
const NUMBER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

export function formatDate(isoOrDate: string | undefined | null): string {
  if (!isoOrDate) return '–';
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? `${isoOrDate}T12:00:00Z` : isoOrDate);
  return Number.isNaN(d.getTime()) ? isoOrDate : DATE.format(d);
}

/** Urgency of a due date: overdue, at risk (due within one working day), or fine. */
export function urgency(
  dueAt: string | undefined | null,
  overdue?: boolean,
  now = new Date(),
): 'overdue' | 'at-risk' | 'ok' | 'none' {
  if (overdue) return 'overdue';
  if (!dueAt) return 'none';
  const due = new Date(dueAt).getTime();
  if (due < now.getTime()) return 'overdue';
  // One working day ahead: skip Saturday and Sunday (holidays are the server's business).
  const limit = new Date(now);
  do limit.setDate(limit.getDate() + 1);
  while (limit.getDay() === 0 || limit.getDay() === 6);
  limit.setHours(23, 59, 59, 999);
  return due <= limit.getTime() ? 'at-risk' : 'ok';
}

export const URGENCY_LABELS: Record<string, string> = {
  overdue: 'Te laat',
  'at-risk': 'Dreigt te laat',
  ok: 'Op tijd',
  none: 'Geen termijn',
};
