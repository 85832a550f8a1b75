import {
  adviceFollowUpProblems,
  followUpCompletionSchema,
  followUpDueAt,
  followUpOverdue,
  followUpReminder,
  followUpReminderAt,
  followUpTaskId,
  validateFollowUpCompletion,
  workingDayBefore,
  type AdviceFollowUpState,
} from '../../../src/domain/advice';
import { createCalendar } from '../../../src/domain/calendar';
import { RequestRefused } from '../../../src/domain/report';

const cal = createCalendar();
// Monday 2027-04-26; Tuesday 2027-04-27 is King's Day.
const monday = '2027-04-26T08:00:00.000Z';

describe('follow-up advice: due date and reminder on the working-day calendar', () => {
  it('is due at the end of the contact date, Amsterdam time', () => {
    expect(followUpDueAt(cal, '2027-04-28')).toBe('2027-04-28T21:59:59.999Z');
    expect(followUpDueAt(cal, '2027-12-20')).toBe('2027-12-20T22:59:59.999Z');
  });

  it('reminds at the end of the working day before, skipping weekends and holidays', () => {
    expect(workingDayBefore(cal, '2027-04-28')).toBe('2027-04-26');
    expect(followUpReminderAt(cal, '2027-04-28', monday)).toBe('2027-04-26T21:59:59.999Z');
    // Monday after Christmas weekend: the Friday before.
    expect(workingDayBefore(cal, '2027-12-27')).toBe('2027-12-24');
    expect(followUpReminderAt(cal, '2027-12-27', '2027-12-01T09:00:00.000Z')).toBe('2027-12-24T22:59:59.999Z');
  });

  it('has no reminder when its instant is not after the follow-up was planned', () => {
    expect(followUpReminderAt(cal, '2027-04-28', '2027-04-26T22:00:00.000Z')).toBeUndefined();
  });

  it('numbers its tasks per advice', () => {
    expect(followUpTaskId('a1', 2)).toBe('a1:advice-follow-up:2');
  });
});

describe('follow-up advice: registration rules', () => {
  const problems = (body: Parameters<typeof adviceFollowUpProblems>[1]) =>
    adviceFollowUpProblems(cal, body, monday).map((p) => `${p.name}:${p.code}`);

  it('wants a contact date exactly when a follow-up is wanted', () => {
    expect(problems({ followUpWanted: true })).toEqual(['followUp.contactOn:required']);
    expect(problems({ followUpWanted: false, followUp: { contactOn: '2027-04-28' } })).toEqual([
      'followUp:not-allowed',
    ]);
    expect(problems({ followUpWanted: false })).toEqual([]);
  });

  it('wants a working day after today', () => {
    expect(problems({ followUpWanted: true, followUp: { contactOn: '2027-04-28' } })).toEqual([]);
    expect(problems({ followUpWanted: true, followUp: { contactOn: '2027-04-26' } })).toEqual([
      'followUp.contactOn:not-in-future',
    ]);
    expect(problems({ followUpWanted: true, followUp: { contactOn: '2027-04-20' } })).toEqual([
      'followUp.contactOn:not-in-future',
    ]);
    expect(problems({ followUpWanted: true, followUp: { contactOn: '2027-04-27' } })).toEqual([
      'followUp.contactOn:not-a-working-day',
    ]);
    expect(problems({ followUpWanted: true, followUp: { contactOn: '2027-05-01' } })).toEqual([
      'followUp.contactOn:not-a-working-day',
    ]);
  });
});

describe('follow-up advice: completion', () => {
  const open: AdviceFollowUpState = {
    adviceId: 'a1',
    followUps: [],
    open: {
      taskId: 'a1:advice-follow-up:1',
      contactOn: '2027-04-28',
      dueAt: '2027-04-28T21:59:59.999Z',
      reminded: false,
      overdue: false,
    },
  };
  const refusal = (state: AdviceFollowUpState, raw: unknown): string => {
    try {
      validateFollowUpCompletion(state, raw, cal, monday);
    } catch (err) {
      expect(err).toBeInstanceOf(RequestRefused);
      return (err as Error).message;
    }
    return 'accepted';
  };

  it('accepts codes, a next working day and a reference', () => {
    expect(refusal(open, { outcome: 'contacted', completedBy: 'alice' })).toBe('accepted');
    expect(
      refusal(open, { outcome: 'not-reached', nextContactOn: '2027-05-03', noteRef: 'n-1', completedBy: 'a' }),
    ).toBe('accepted');
  });

  it('refuses what does not fit, naming fields and never values', () => {
    expect(refusal({ adviceId: 'a1', followUps: [] }, { outcome: 'contacted', completedBy: 'a' })).toMatch(
      /^Task not open/,
    );
    expect(refusal(open, { outcome: 'converted-to-report', nextContactOn: '2027-05-03', completedBy: 'a' })).toMatch(
      /^Invalid follow-up: nextContactOn/,
    );
    const weekend = refusal(open, { outcome: 'contacted', nextContactOn: '2027-05-01', completedBy: 'a' });
    expect(weekend).toMatch(/^Invalid follow-up: nextContactOn: must be a working day/);
    expect(weekend).not.toContain('2027-05-01');
    expect(refusal(open, { outcome: 'contacted', completedBy: 'a', remark: 'Jan called back' })).not.toContain('Jan');
  });

  it('the caseworker cannot choose the conversion outcome, nor add free text', () => {
    expect(followUpCompletionSchema.safeParse({ outcome: 'converted-to-report' }).success).toBe(false);
    expect(followUpCompletionSchema.safeParse({ outcome: 'contacted', note: 'text' }).success).toBe(false);
    expect(followUpCompletionSchema.safeParse({ outcome: 'contacted', noteRef: 'two words' }).success).toBe(false);
  });

  it('reminds the advising caseworker and tells the team supervisors when overdue, once per task', () => {
    const input = { adviceId: 'a1', team: 'north', caseworker: 'alice', contactOn: '2027-04-28' };
    expect(followUpReminder(input, open.open!)).toEqual({
      key: 'a1:advice-follow-up:1:reminder',
      kind: 'reminder',
      reportId: 'a1',
      taskId: 'a1:advice-follow-up:1',
      recipient: { role: 'caseworker', id: 'alice', team: 'north' },
      dueAt: '2027-04-28T21:59:59.999Z',
    });
    expect(followUpOverdue(input, open.open!)).toMatchObject({
      key: 'a1:advice-follow-up:1:overdue',
      kind: 'overdue',
      recipient: { role: 'supervisor', team: 'north' },
    });
  });
});
