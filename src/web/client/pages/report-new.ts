/// <reference lib="dom" />
import { h } from '../dom';
import { serverValidatedForm } from '../forms';
import { alertBox, render } from '../layout';
import { idOf } from '../model';
import { requestSchema } from '../openapi';
import { api } from '../api';
import { currentUser } from '../session';

/** Register a report (melding); the form follows POST /v1/reports' request schema. */
export async function reportNewPage(): Promise<void> {
  const schema = await requestSchema('/v1/reports');
  if (!schema) {
    render(
      'Melding registreren',
      alertBox(
        'error',
        'Formulier niet beschikbaar',
        h('p', {}, 'Het formulier kon niet worden geladen. Probeer het later opnieuw.'),
      ),
    );
    return;
  }
  // One key per filled-in form: a retried submit after a network failure never registers twice.
  let idempotencyKey = crypto.randomUUID();
  const { form } = serverValidatedForm({
    schema,
    // Caseworkers and supervisors register for their own team; only admins name one.
    omit: currentUser()?.role === 'admin' ? [] : ['team'],
    submitText: 'Melding registreren',
    onSubmit: async (value) => {
      const created = await api<unknown>('POST', '/v1/reports', value, { 'Idempotency-Key': idempotencyKey });
      idempotencyKey = crypto.randomUUID();
      const id = idOf(created);
      location.assign(id ? `/meldingen/${encodeURIComponent(id)}?nieuw=1` : '/taken');
    },
  });
  // From “Gezin zoeken”: the report is about a household the team already knows.
  const known = new URLSearchParams(location.search).get('gezin');
  const idInput = form.querySelector<HTMLInputElement>('input[name="household.id"]');
  if (known && idInput) idInput.value = known;
  render(
    'Melding registreren',
    h(
      'p',
      { class: 'lead' },
      'Veilig Thuis neemt elke melding aan. Is er acuut gevaar, kies dan bij acuut gevaar “Ja”: de melding krijgt dan direct voorrang.',
    ),
    h(
      'p',
      {},
      'Een melding die eerder telefonisch is aangenomen, registreert u met het moment van ontvangst (hoogstens 30 dagen terug).',
    ),
    form,
  );
}
