import { workingDaysBack } from '../../support/working-days';
import { eventually } from '../../support/eventually';
import { personalMarkers } from '../../support/personal-markers';
import { people } from '../api/support/api-harness';
import {
  RECEIPT_SECRET,
  deliveriesFinished,
  receivedAtWithReminderDue,
  startNotifyHarness,
  type NotifyHarness,
} from './support/notify-harness';

// 240 s per test, and up to 4 minutes more where a reminder test waits for the local day to turn.
jest.setTimeout(480_000);

/**
 * The done-when checks of issue 11, end to end over HTTP: reports registered through the API on
 * the real dev server produce the overdue e-mail to the supervisor, the transparency reminder to
 * the reporter and the on-call SMS and e-mail — each once, and none of the staff messages carries
 * anything personal (every personal field of every report holds a random marker).
 */
describe('reminders, overdue notices and on-call alerts reach a person', () => {
  let h: NotifyHarness;
  const { markers, marker } = personalMarkers();
  const staff = {
    sue: { email: 'sue.supervisor@vt-test.example', phone: '+31 6 1111 0001' },
    alice: { email: 'alice.caseworker@vt-test.example', phone: '+31 6 1111 0002' },
  };

  /** A report in which every personal field carries a fresh marker. */
  function markedReport(
    overrides: {
      kind?: 'professional' | 'citizen';
      receivedAt?: string;
      acuteDanger?: boolean;
      reporterEmail?: boolean;
    } = {},
  ) {
    const reporterEmail = `${marker('mail')}@reporter-test.example`;
    markers.push(reporterEmail);
    const phoneDigits = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
    markers.push(phoneDigits);
    const householdMail = `${marker('home')}@household-test.example`;
    markers.push(householdMail);
    return {
      reporter: {
        kind: overrides.kind ?? 'professional',
        name: marker('Reporter'),
        organisation: marker('Org'),
        profession: marker('Prof'),
        ...(overrides.reporterEmail === false ? {} : { email: reporterEmail }),
        phone: `+31 6 ${phoneDigits}`,
      },
      household: {
        members: [
          { name: marker('Child'), kind: 'child', birthDate: '2016-03-04' },
          { name: marker('Parent'), kind: 'adult' },
        ],
        contactPoints: [
          { channel: 'email', value: householdMail, safety: 'not-safe' },
          { channel: 'postal-address', value: `${marker('Street')} 1`, safety: 'not-safe' },
        ],
      },
      concern: { description: `Worries ${marker('Concern')} about the child.` },
      acuteDanger: overrides.acuteDanger ?? false,
      ...(overrides.receivedAt ? { receivedAt: overrides.receivedAt } : {}),
    };
  }

  const mailsTo = (address: string, subject: RegExp) =>
    h.smtp.messages.filter(
      (m) => m.to.includes(address) && subject.test(/^Subject: (.*)$/m.exec(m.decoded)?.[1] ?? ''),
    );

  beforeAll(async () => {
    h = await startNotifyHarness();
    const put = (id: string, body: object) => h.api.call('PUT', `/v1/staff/${id}`, { as: people.admin, body });
    expect((await put('sue', { role: 'supervisor', team: 'north', ...staff.sue })).status).toBe(200);
    expect((await put('alice', { role: 'caseworker', team: 'north', ...staff.alice })).status).toBe(200);
    const now = Date.now();
    const roster = await h.api.call('PUT', '/v1/staff/on-call-rosters/north', {
      as: people.sueNorth,
      body: {
        shifts: [
          {
            staffId: 'alice',
            from: new Date(now - 3_600_000).toISOString(),
            until: new Date(now + 12 * 3_600_000).toISOString(),
          },
        ],
      },
    });
    expect(roster.status).toBe(200);
    expect(
      (await h.api.call('PUT', '/v1/staff/on-call-rosters/south', { as: people.sueNorth, body: { shifts: [] } }))
        .status,
    ).toBe(403);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  test('a report received eight working days back: one overdue e-mail to the team’s supervisor within a minute', async () => {
    const started = Date.now();
    const res = await h.api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: markedReport({ receivedAt: workingDaysBack(8) }),
    });
    expect(res.status).toBe(201);
    const reference: string = res.body.caseReference;
    const overdueSubject = /^Veilig Thuis: een taak is over de termijn$/;
    const [mail] = await eventually(
      async () => mailsTo(staff.sue.email, overdueSubject).length > 0 && mailsTo(staff.sue.email, overdueSubject),
      'the overdue e-mail',
      60_000,
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(mail.decoded).toContain(reference);
    expect(mail.decoded).toContain('transparantie door de melder');
    expect(await deliveriesFinished(h.api, res.body.id, 'overdue')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    expect(mailsTo(staff.sue.email, overdueSubject)).toHaveLength(1);
    // The escalation it opened is announced to the team's caseworker.
    await deliveriesFinished(h.api, res.body.id, 'escalation');
    expect(mailsTo(staff.alice.email, /^Veilig Thuis: er is een taak aan u toegewezen$/)).toHaveLength(1);
  });

  test('a professional’s report received two working days back, transparency unanswered: one reminder e-mail to the reporter', async () => {
    const started = Date.now();
    const body = markedReport({ receivedAt: await receivedAtWithReminderDue() });
    const res = await h.api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(201);
    const subject = new RegExp(`^Herinnering: transparantie bij uw melding ${res.body.caseReference}$`);
    await eventually(async () => mailsTo(body.reporter.email!, subject).length > 0, 'the reporter’s reminder', 60_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await deliveriesFinished(h.api, res.body.id, 'transparency-reminder')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    expect(mailsTo(body.reporter.email!, subject)).toHaveLength(1);
    expect(h.smtp.messages.filter((m) => m.to.includes(body.reporter.email!))).toHaveLength(1);
  });

  test('an acute report: one SMS at the provider and one e-mail to whoever is on call, within a minute', async () => {
    const started = Date.now();
    const res = await h.api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: markedReport({ acuteDanger: true }),
    });
    expect(res.status).toBe(201);
    const onCallNumber = '31611110002';
    const alertSubject = /^Veilig Thuis: acuut gevaar, direct oppakken$/;
    await eventually(
      async () =>
        h.sms.messages.some((m) => m.to === onCallNumber) && mailsTo(staff.alice.email, alertSubject).length > 0,
      'the on-call SMS and e-mail',
      60_000,
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await deliveriesFinished(h.api, res.body.id, 'on-call-alert')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    const texts = h.sms.messages.filter((m) => m.to === onCallNumber);
    expect(texts).toHaveLength(1);
    expect(texts[0].text).toContain(res.body.caseReference);
    expect(mailsTo(staff.alice.email, alertSubject)).toHaveLength(1);
    // The SMS counted as delivered on the provider's signed receipt, through the API's webhook.
    expect(h.sms.receiptsPosted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reference: texts[0].reference, status: 'delivered', httpStatus: 200 }),
      ]),
    );
  });

  test('contact done: the reporter’s contact confirmation; a supervisor’s reassignment: “a task was assigned to you”', async () => {
    const body = markedReport({ acuteDanger: true });
    const res = await h.api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(201);
    const reportId: string = res.body.id;
    const contact = await eventually(async () => {
      const tasks = await h.api.call('GET', '/v1/tasks?type=contact-and-assessment', { as: people.aliceNorth });
      return tasks.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    }, 'the contact task');
    await h.api.call('PUT', '/v1/staff/bob', {
      as: people.admin,
      body: { role: 'caseworker', team: 'north', email: 'bob.caseworker@vt-test.example' },
    });
    const moved = await h.api.call('POST', `/v1/reports/${reportId}/reassignments`, {
      as: people.sueNorth,
      body: { taskId: contact.id, assignee: 'bob' },
    });
    expect(moved.status).toBe(200);
    const assigned = /^Veilig Thuis: er is een taak aan u toegewezen$/;
    await eventually(
      async () => mailsTo('bob.caseworker@vt-test.example', assigned).length > 0,
      'the task-assigned e-mail',
      60_000,
    );
    expect(mailsTo('bob.caseworker@vt-test.example', assigned)[0].decoded).toContain(
      `${res.body.caseReference} (contact en veiligheidstaxatie)`,
    );

    const done = await h.api.call('POST', `/v1/tasks/${contact.id}/completion`, {
      as: people.bobNorth,
      body: {
        payload: {
          contactedAt: new Date().toISOString(),
          safetyAssessment: 'safe',
          safetyOversight: 'reporter',
          veiligThuisActs: false,
        },
      },
    });
    expect(done.status).toBe(200);
    const confirmation = new RegExp(`^Bevestiging contact over uw melding ${res.body.caseReference}$`);
    await eventually(
      async () => mailsTo(body.reporter.email!, confirmation).length > 0,
      'the contact confirmation',
      60_000,
    );
    expect(await deliveriesFinished(h.api, reportId, 'contact-confirmation')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    expect(await deliveriesFinished(h.api, reportId, 'task-assigned')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    expect(mailsTo(body.reporter.email!, confirmation)).toHaveLength(1);
    expect(mailsTo('bob.caseworker@vt-test.example', assigned)).toHaveLength(1);
  });

  test('after the decision the reporter receives one feedback e-mail naming the step, nothing about the household', async () => {
    const body = markedReport({ kind: 'citizen' });
    const res = await h.api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(201);
    const reportId: string = res.body.id;
    const taskOf = (type: string) =>
      eventually(async () => {
        const tasks = await h.api.call('GET', `/v1/tasks?type=${type}`, { as: people.aliceNorth });
        return tasks.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
      }, `the ${type} task`);
    const complete = async (type: string, payload: object) => {
      const task = await taskOf(type);
      const done = await h.api.call('POST', `/v1/tasks/${task.id}/completion`, {
        as: people.aliceNorth,
        body: { payload },
      });
      expect(done.status).toBe(200);
    };
    await complete('contact-and-assessment', {
      contactedAt: new Date().toISOString(),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    await complete('decision', { branch: 'investigation', grounds: 'facts-unclear' });
    const subject = new RegExp(`^Terugkoppeling over uw melding ${res.body.caseReference}$`);
    await eventually(async () => mailsTo(body.reporter.email!, subject).length > 0, 'the reporter’s feedback', 60_000);
    expect(await deliveriesFinished(h.api, reportId, 'reporter-feedback')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    const [mail] = mailsTo(body.reporter.email!, subject);
    expect(mailsTo(body.reporter.email!, subject)).toHaveLength(1);
    expect(mail.decoded).toMatch(/onderzoek/i);
    const ownAddress = body.reporter.email!;
    for (const m of markers.filter((x) => x !== ownAddress && !ownAddress.includes(x)))
      expect(mail.decoded).not.toContain(m);
  });

  test('a reporter who chose English gets the reminder in English', async () => {
    const body = markedReport({ receivedAt: await receivedAtWithReminderDue() });
    const res = await h.api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: { ...body, reporter: { ...body.reporter, language: 'en' } },
    });
    expect(res.status).toBe(201);
    const subject = new RegExp(`^Reminder: transparency for your report ${res.body.caseReference}$`);
    await eventually(async () => mailsTo(body.reporter.email!, subject).length > 0, 'the English reminder', 60_000);
  });

  test('CM.com’s own status reports are accepted on their webhook with the shared token', async () => {
    const report = {
      messages: { msg: { to: '0031612345678', reference: `vt${'0'.repeat(30)}`, status: { code: '2' } } },
    };
    const denied = await h.api.call('POST', '/v1/notification-receipts/cm?token=wrong', { body: report });
    expect(denied.status).toBe(401);
    const ok = await h.api.call('POST', `/v1/notification-receipts/cm?token=${RECEIPT_SECRET}`, { body: report });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ recorded: 0, unknown: 1, interim: 0 });
    expect(JSON.stringify(ok.body)).not.toContain('612345678');
  });

  test('an overdue notice that reaches nobody shows among the stuck cases', async () => {
    const res = await h.api.call('POST', '/v1/reports', {
      as: people.carolSouth,
      body: markedReport({ receivedAt: workingDaysBack(8) }),
    });
    expect(res.status).toBe(201);
    expect(await deliveriesFinished(h.api, res.body.id, 'overdue')).toEqual([
      expect.objectContaining({ status: 'undeliverable' }),
    ]);
    const stuck = await h.api.call('GET', '/v1/supervision/stuck-cases?reason=notification-undeliverable', {
      as: people.samSouth,
    });
    expect(stuck.status).toBe(200);
    expect(stuck.body.cases).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reportId: res.body.id, reason: 'notification-undeliverable' }),
      ]),
    );
  });

  test('no staff message carries a household member’s name, the concern or a contact address', async () => {
    const staffAddresses = new Set([staff.sue.email, staff.alice.email]);
    const staffMails = h.smtp.messages.filter((m) => m.to.some((t) => staffAddresses.has(t)));
    const staffTexts = h.sms.messages.filter((m) => ['31611110001', '31611110002'].includes(m.to));
    expect(staffMails.length).toBeGreaterThanOrEqual(3);
    expect(staffTexts.length).toBeGreaterThanOrEqual(1);
    for (const text of [...staffMails.map((m) => m.decoded), ...staffTexts.map((m) => m.text)]) {
      for (const m of markers) expect(text).not.toContain(m);
    }
  });
});
