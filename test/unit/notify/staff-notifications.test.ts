import { impliedNotifications, MESSAGE_KINDS, MESSAGE_TEMPLATES, TEMPLATE_SPECS } from '../../../src/domain/notify';
import type { ReportStateView } from '../../../src/domain/report';
import { cmStatusReports } from '../../../src/notify/cm-status-report';
import { loadPhrases } from '../../../src/notify/phrases';

const ref = (n: number) => `vt${String(n).padStart(30, '0')}`;

describe('CM.com status reports onto receipts', () => {
  it('maps delivered and read to delivered, rejected and failed to a permanent failure, and leaves interim reports', () => {
    const body = {
      messages: {
        msg: [
          {
            received: '2026-11-30T09:12:01',
            to: '0031612345678',
            reference: ref(1),
            status: { code: '2', errorCode: '', errorDescription: '' },
          },
          {
            to: '0031612345678',
            reference: ref(2),
            status: { code: 3, errorCode: '5', errorDescription: 'Absent subscriber' },
          },
          { to: '0031612345678', reference: ref(3), status: { code: '1' } },
          { to: '0031612345678', reference: ref(4), status: { code: '0' } },
          { to: '0031612345678', reference: ref(5), status: { code: '4' } },
        ],
      },
    };
    expect(cmStatusReports(body)).toEqual({
      final: [
        { reference: ref(1), status: 'delivered', permanent: false },
        { reference: ref(2), status: 'failed', permanent: true },
        { reference: ref(3), status: 'failed', permanent: true },
        { reference: ref(5), status: 'delivered', permanent: false },
      ],
      interim: 1,
    });
    // One report alone, as CM posts it; the recipient's number is never part of the result.
    const one = cmStatusReports({
      messages: { msg: { to: '0031699999999', reference: ref(6), status: { code: '2' } } },
    });
    expect(JSON.stringify(one)).not.toContain('99999999');
    expect(() => cmStatusReports({ receipts: [] })).toThrow();
  });
});

describe('messages the case record implies', () => {
  const view = (over: Partial<ReportStateView>) =>
    ({ reportId: 'r-1', team: 'north', supervisorActions: [], decisions: [], ...over }) as unknown as ReportStateView;
  const at = '2026-11-30T09:00:00.000Z';

  it('announces a reassignment to the new assignee, not a claim, and confirms contact to the reporter', () => {
    const implied = impliedNotifications(
      view({
        supervisorActions: [
          { at, action: 'reassign', detail: { taskId: 'r-1:decision:1', assignee: 'bob' }, by: 'sue' },
          { at, action: 'reassign', detail: { taskId: 'r-1:decision:1', assignee: 'alice' }, by: 'alice' },
          { at, action: 'suspend', detail: { reason: 'x' }, by: 'sue' },
        ],
        decisions: [{ at, taskId: 'r-1:contact-and-assessment:1', type: 'contact-and-assessment', payload: {} }],
      }),
      Date.parse(at) - 1_000,
    );
    expect(implied).toEqual([
      {
        key: `r-1:task-assigned:${at}:bob`,
        kind: 'task-assigned',
        reportId: 'r-1',
        taskId: 'r-1:decision:1',
        recipient: { role: 'caseworker', id: 'bob', team: 'north' },
      },
      {
        key: 'r-1:contact-and-assessment:1:contact-confirmation',
        kind: 'contact-confirmation',
        reportId: 'r-1',
        taskId: 'r-1:contact-and-assessment:1',
        recipient: { role: 'reporter', team: 'north' },
      },
    ]);
  });

  it('leaves entries from before the horizon alone', () => {
    const old = view({ supervisorActions: [{ at, action: 'reassign', detail: { assignee: 'bob' }, by: 'sue' }] });
    expect(impliedNotifications(old, Date.parse(at) + 1)).toEqual([]);
  });
});

describe('every kind of notification has a message, and every code its words', () => {
  it('maps each kind to a template that exists', () => {
    for (const kind of MESSAGE_KINDS) expect(TEMPLATE_SPECS[MESSAGE_TEMPLATES[kind]]).toBeDefined();
  });

  it('reads the phrases of both languages', () => {
    const phrases = loadPhrases();
    expect(phrases.get('task', 'contact-and-assessment', 'nl')).toBe('contact en veiligheidstaxatie');
    expect(phrases.get('reporterFeedbackStep', 'investigation', 'en')).toBe('Veilig Thuis is investigating.');
    expect(phrases.get('investigationSources', 'school', 'en')).toBe('the school');
  });
});
