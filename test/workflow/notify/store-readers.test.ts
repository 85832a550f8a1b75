import type mongoose from 'mongoose';
import { createContactPointLoader, createMessageValueLoader, toSmsNumber } from '../../../src/notify/store-readers';
import { caseStateModel } from '../../../src/store/case-state-model';
import { householdModel } from '../../../src/store/household-model';
import { reportModel } from '../../../src/store/report-model';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('notify-readers');
});
afterAll(async () => {
  await store?.drop();
});

/** An open case in the store as the workflow leaves it; the recorded decisions are what the letters read. */
async function givenCaseState(
  id: string,
  householdId: string,
  phase: string,
  now: Date,
  decisions: { type: string; payload: object }[],
): Promise<void> {
  await caseStateModel(store.connection).create({
    _id: id,
    householdId,
    team: 't',
    acute: false,
    reporterKind: 'professional',
    receivedAt: now,
    phase,
    phaseSince: now,
    overdue: false,
    suspended: false,
    openTaskIds: [],
    version: 1,
    updatedAt: now,
    view: { decisions },
  });
}

describe('reading contact points and message values from the case store', () => {
  it('maps phone to SMS and email to email, keeps the safety flags, leaves postal addresses to the caseworker', async () => {
    await householdModel(store.connection).create({
      _id: 'h-1',
      team: 't',
      members: [],
      createdAt: new Date(),
      contactPoints: [
        { contactPointId: 'cp-1', channel: 'phone', value: '06 1234 5678', safety: 'not-safe' },
        { contactPointId: 'cp-2', channel: 'email', value: 'gezin@example.org', safety: 'safe' },
        { contactPointId: 'cp-3', channel: 'postal-address', value: 'Dorpsstraat 1', safety: 'safe' },
        { contactPointId: 'cp-4', channel: 'phone', value: '+31 6 8765 4321', safety: 'only-via-reporter' },
      ],
    });
    expect(await createContactPointLoader(store.connection)('h-1')).toEqual([
      { contactPointId: 'cp-1', channel: 'sms', address: '31612345678', safety: 'not-safe' },
      { contactPointId: 'cp-2', channel: 'email', address: 'gezin@example.org', safety: 'safe' },
      { contactPointId: 'cp-4', channel: 'sms', address: '31687654321', safety: 'only-via-reporter' },
    ]);
    expect(await createContactPointLoader(store.connection)('h-unknown')).toEqual([]);
  });

  it("writes the agreements in plain Dutch from the recorded codes, or takes the caseworker's note", async () => {
    const now = new Date();
    await givenCaseState('r-1', 'h-1', 'decision', now, [
      {
        type: 'contact-and-assessment',
        payload: {
          contactedAt: now.toISOString(),
          safetyAssessment: 'unsafe-structural',
          safetyOversight: 'local-team',
          veiligThuisActs: true,
          agreementsRef: 'note-7',
        },
      },
      {
        type: 'decision',
        payload: { branch: 'handover', receiver: { kind: 'local-team', organisationId: 'org-3' } },
      },
    ]);
    const request = {
      templateId: 'household-report-and-agreements' as const,
      noticeId: 'n',
      reportId: 'r-1',
      householdId: 'h-1',
    };
    const fromCodes = await createMessageValueLoader(store.connection)(request);
    // The short case reference, allocated for a report that had none yet; never the internal id.
    expect(fromCodes.values.reportReference).toMatch(/^VT-\d{4}-\d{5}$/);
    expect(fromCodes.values).toMatchObject({
      vtPhone: '0800-2000',
      agreements: 'Het lokale team (wijkteam) houdt een oogje in het zeil. Veilig Thuis neemt zelf contact met u op.',
      receivingOrganisation: 'het lokale team bij u in de buurt',
    });
    const withNote = await createMessageValueLoader(store.connection, {
      loadNote: async (ref) => (ref === 'note-7' ? 'De school belt elke week.' : undefined),
      loadOrganisationName: async () => 'Wijkteam Noord',
    })(request);
    expect(withNote.values).toMatchObject({
      agreements: 'De school belt elke week.',
      receivingOrganisation: 'Wijkteam Noord',
    });
  });

  it('names neither the reporter nor the agreements with them when the reporter asked not to be named', async () => {
    const now = new Date();
    await reportModel(store.connection).create({
      _id: 'r-anon',
      team: 't',
      householdId: 'h-1',
      receivedAt: now,
      acuteDanger: false,
      reporter: { kind: 'professional', name: 'Juf X', anonymousToHousehold: true },
      concern: { description: 'zorgen' },
      createdBy: 'test',
      createdAt: now,
      workflowStarted: true,
      startAttempts: 1,
    });
    await givenCaseState('r-anon', 'h-1', 'decision', now, [
      {
        type: 'contact-and-assessment',
        payload: {
          contactedAt: now.toISOString(),
          safetyAssessment: 'safe',
          safetyOversight: 'reporter',
          veiligThuisActs: false,
          agreementsRef: 'note-9',
        },
      },
    ]);
    const values = await createMessageValueLoader(store.connection, { loadNote: async () => 'De juf belt elke week.' })(
      {
        templateId: 'household-report-and-agreements',
        noticeId: 'n-anon',
        reportId: 'r-anon',
        householdId: 'h-1',
      },
    );
    expect(values.values.agreements).toBe('Uw medewerker van Veilig Thuis vertelt u graag wat er is afgesproken.');
    expect(JSON.stringify(values.values)).not.toMatch(/melder|juf/i);
  });

  it('reads phone numbers the SMS provider can use', () => {
    expect(toSmsNumber('06-12345678')).toBe('31612345678');
    expect(toSmsNumber('0032 470 12 34 56')).toBe('32470123456');
    expect(toSmsNumber('bel mij')).toBeUndefined();
  });
});

describe('the investigation conclusion letter and the household’s language', () => {
  it('puts the recorded findings and sources into words, in English for a household that chose it', async () => {
    const now = new Date();
    await householdModel(store.connection).create({
      _id: 'h-en',
      team: 't',
      members: [],
      contactPoints: [],
      language: 'en',
      createdAt: now,
    });
    await householdModel(store.connection).create({
      _id: 'h-nl',
      team: 't',
      members: [],
      contactPoints: [],
      createdAt: now,
    });
    // A source twice (recorded before the API refused it) is named once.
    const decisions = [
      {
        type: 'investigation',
        payload: {
          next: 'safety-conditions',
          findings: 'confirmed',
          sources: ['school', 'general-practitioner', 'school'],
        },
      },
    ];
    for (const [id, householdId] of [
      ['r-en', 'h-en'],
      ['r-nl', 'h-nl'],
    ]) {
      await givenCaseState(id, householdId, 'safety-conditions', now, decisions);
    }
    const load = createMessageValueLoader(store.connection);
    const request = { templateId: 'household-investigation-conclusion' as const, noticeId: 'n' };
    const en = await load({ ...request, reportId: 'r-en', householdId: 'h-en' });
    expect(en.language).toBe('en');
    expect(en.values).toMatchObject({
      conclusion: 'the concerns about safety were confirmed.',
      sources: 'the school, the family doctor',
    });
    const nl = await load({ ...request, reportId: 'r-nl', householdId: 'h-nl' });
    expect(nl.language).toBe('nl');
    expect(nl.values).toMatchObject({
      conclusion: 'de zorgen over de veiligheid zijn bevestigd.',
      sources: 'de school, de huisarts',
    });
  });
});
