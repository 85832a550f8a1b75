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
  'contact-household': 'Huishouden op een andere manier informeren',
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

export const VALUE_LABELS: Record<string, Record<string, string>> = {
  kind: {
    confirmed: 'Besproken met de cliënt',
    waived: 'Niet besproken, met reden',
    'local-team': 'Lokaal team / wijkteam',
    'care-provider': 'Hulpverlener',
    professional: 'Professional',
    citizen: 'Burger',
    child: 'Kind',
    adult: 'Volwassene',
    household: 'Het huishouden',
    'household-network': 'Netwerk van het huishouden (direct betrokkenen)',
    'multidisciplinary-team': 'Multidisciplinair team',
  },
  channel: { phone: 'Telefoon (sms)', email: 'E-mail', 'postal-address': 'Postadres' },
  safety: { safe: 'Veilig', 'not-safe': 'Niet veilig', 'only-via-reporter': 'Alleen via de melder' },
  topics: {
    'current-unsafety': 'Huidige onveiligheid van alle gezinsleden',
    'restore-safety': 'Wat de professional kan doen om veiligheid te herstellen',
    'reporting-duty': 'Of de meldcode / het afwegingskader een melding vraagt',
    'local-experts': 'Welke lokale deskundigen te betrekken',
    'veilig-thuis-support': 'Hoe Veilig Thuis kan ondersteunen',
  },
  clientReaction: { agrees: 'Stemt in', understands: 'Begrijpt het', objects: 'Maakt bezwaar', 'no-reaction': 'Geen reactie' },
  way: {
    'phone-call': 'Telefonisch',
    'home-visit': 'Huisbezoek',
    'via-reporter': 'Via de melder',
    letter: 'Per brief',
    'at-veilig-thuis': 'Op kantoor bij Veilig Thuis',
    'not-reached': 'Niet bereikt',
  },
  reason: {
    'endangers-child': 'Bespreken brengt de veiligheid van een kind in gevaar',
    'endangers-adult': 'Bespreken brengt de veiligheid van een volwassene in gevaar',
    'endangers-reporter': 'Bespreken brengt de veiligheid van de melder in gevaar',
    'client-unreachable': 'De cliënt is niet bereikbaar',
    'client-lacks-capacity': 'De cliënt is niet in staat het gesprek te voeren',
    'acute-danger': 'Acuut gevaar',
    'breaks-relationship-of-trust': 'Bespreken verbreekt de vertrouwensrelatie van de professional met de cliënt',
    'complex-case': 'Complexe zaak',
    'awaiting-information': 'Wacht op informatie',
    'household-unreachable': 'Huishouden niet bereikbaar',
    capacity: 'Onvoldoende capaciteit',
    'awaiting-external-party': 'Wacht op externe partij',
    'legal-proceedings': 'Juridische procedure loopt',
    'caseworker-unavailable': 'Medewerker niet beschikbaar',
    other: 'Anders',
  },
  safetyAssessment: { safe: 'Veilig', 'unsafe-acute': 'Acuut onveilig', 'unsafe-structural': 'Structureel onveilig', unclear: 'Onduidelijk' },
  safetyOversight: {},
  responsibility: {},
  branch: {
    'end-of-involvement': 'Einde betrokkenheid Veilig Thuis',
    handover: 'Overdracht',
    'safety-conditions': 'Direct werken aan veiligheid (veiligheidsvoorwaarden)',
    investigation: 'Onderzoek',
    'child-protection-board-request': 'Verzoek aan de Raad voor de Kinderbescherming',
  },
  grounds: {
    'no-cooperation': 'Huishouden werkt niet mee',
    'facts-unclear': 'Onduidelijk of er sprake is van geweld',
    'no-concerns': 'Geen zorgen over de veiligheid',
    'help-already-in-place': 'Passende hulp is al betrokken',
    'reporter-acts': 'De melder pakt het zelf op',
  },
  sources: {
    'general-practitioner': 'Huisarts',
    school: 'School',
    childcare: 'Kinderopvang',
    'youth-healthcare': 'Jeugdgezondheidszorg',
    police: 'Politie',
    'local-team': 'Lokaal team / wijkteam',
    'care-provider': 'Hulpverlener',
    'child-protection-board': 'Raad voor de Kinderbescherming',
    other: 'Anders',
  },
  outcome: {
    accepted: 'Geaccepteerd',
    rejected: 'Afgewezen',
    met: 'Voorwaarde nagekomen',
    breached: 'Voorwaarde geschonden',
    'stopped-cooperating': 'Huishouden werkt niet meer mee',
    'concerns-not-confirmed': 'Zorgen niet bevestigd',
    'help-organised': 'Hulp georganiseerd',
    'handed-over': 'Overgedragen',
    'safety-secured': 'Veiligheid geborgd',
    'involvement-ended': 'Betrokkenheid Veilig Thuis beëindigd',
    safe: 'Veilig',
    concerns: 'Zorgen, blijven volgen',
    'unsafe-again': 'Opnieuw onveilig: nieuwe veiligheidsbeoordeling',
    'child-protection-board-request': 'Verzoek aan de Raad voor de Kinderbescherming',
  },
  action: { 'receiver-contacted-keep-waiting': 'Contact gehad met ontvanger, blijven wachten', 'return-to-decision': 'Terug naar besluit' },
  next: { handover: 'Overdracht', 'safety-conditions': 'Veiligheidsvoorwaarden', 'child-protection-board-request': 'Verzoek aan de Raad voor de Kinderbescherming', closure: 'Afsluiten' },
  findings: { confirmed: 'Bevestigd', 'not-confirmed': 'Niet bevestigd', unclear: 'Onduidelijk' },
  rejection: { 'no-capacity': 'Geen capaciteit', 'outside-remit': 'Valt buiten de opdracht', 'household-declined': 'Huishouden weigert', 'insufficient-information': 'Onvoldoende informatie' },
};

export const PARTY_LABELS: Record<string, string> = {
  reporter: 'De melder',
  'veilig-thuis': 'Veilig Thuis',
  'local-team': 'Lokaal team / wijkteam',
  'care-provider': 'Hulpverlener',
  'household-network': 'Netwerk van het huishouden',
  'child-protection-board': 'Raad voor de Kinderbescherming',
  household: 'Het huishouden',
  'receiving-organisation': 'De ontvangende organisatie',
};
VALUE_LABELS.safetyOversight = PARTY_LABELS;
VALUE_LABELS.responsibility = PARTY_LABELS;
Object.assign(VALUE_LABELS.reason, VALUE_LABELS.rejection);

export function label(table: Record<string, string>, code: string | undefined | null): string {
  if (code === undefined || code === null || code === '') return '–';
  return table[code] ?? code;
}

export function valueLabel(field: string, value: string): string {
  return VALUE_LABELS[field]?.[value] ?? PARTY_LABELS[value] ?? value;
}

const DATE_TIME = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const DATE = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });

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
export function urgency(dueAt: string | undefined | null, overdue?: boolean, now = new Date()): 'overdue' | 'at-risk' | 'ok' | 'none' {
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

export const URGENCY_LABELS: Record<string, string> = { overdue: 'Te laat', 'at-risk': 'Dreigt te laat', ok: 'Op tijd', none: 'Geen termijn' };
