/// <reference lib="dom" />
import { post } from '../api';
import { h } from '../dom';
import { serverValidatedForm } from '../forms';
import { formatDate } from '../labels';
import { alertBox, render } from '../layout';
import { idOf } from '../model';
import { requestSchema } from '../openapi';
import { currentUser } from '../session';

/** The contact date's group is sent only when a date was filled in (without follow-up it stays empty). */
function withoutEmptyFollowUp(value: unknown): unknown {
  const body = value as Record<string, unknown>;
  const followUp = body.followUp as { contactOn?: unknown } | undefined;
  if (!followUp || followUp.contactOn) return value;
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'followUp'));
}

/** Record an advice (advies): anonymous about the household. */
export async function adviceNewPage(): Promise<void> {
  const schema = await requestSchema('/v1/advice');
  if (!schema) {
    render(
      'Advies vastleggen',
      alertBox(
        'error',
        'Formulier niet beschikbaar',
        h('p', {}, 'Het formulier kon niet worden geladen. Probeer het later opnieuw.'),
      ),
    );
    return;
  }
  const done = h('div', { 'aria-live': 'polite' });
  const { form } = serverValidatedForm({
    schema,
    omit: currentUser()?.role === 'admin' ? [] : ['team'],
    submitText: 'Advies vastleggen',
    onSubmit: async (value) => {
      const created = await post<unknown>('/v1/advice', withoutEmptyFollowUp(value));
      form.hidden = true;
      const contactOn = (created as { followUp?: { contactOn?: string } } | undefined)?.followUp?.contactOn;
      done.replaceChildren(
        alertBox(
          'success',
          'Advies vastgelegd',
          h('p', {}, `Het advies is vastgelegd onder kenmerk ${idOf(created) ?? '–'}.`),
          contactOn
            ? h(
                'p',
                {},
                `Vervolgadvies: op ${formatDate(contactOn)} staat de taak “Vervolgadvies: contact opnemen” in uw takenlijst; een werkdag eerder krijgt u een herinnering.`,
              )
            : null,
          h('p', {}, h('a', { href: '/adviezen/nieuw' }, 'Nog een advies vastleggen')),
        ),
      );
      (done.querySelector('h2') as HTMLElement | null)?.setAttribute('tabindex', '-1');
      (done.querySelector('h2') as HTMLElement | null)?.focus();
    },
  });
  render(
    'Advies vastleggen',
    h(
      'p',
      { class: 'lead' },
      'Een professional vraagt Veilig Thuis om advies. Leg geen gegevens vast waarmee het huishouden te herkennen is: een advies is anoniem.',
    ),
    done,
    form,
  );
}
