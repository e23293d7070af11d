// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { ProfileEditor } from '../../../renderer/features/profiles/components/ProfileEditor.tsx';
import { ProfilePicker } from '../../../renderer/features/profiles/components/ProfilePicker.tsx';
import { VALIDATE_DEBOUNCE_MS } from '../../../renderer/features/profiles/slice.ts';
import { MASK } from '../../../renderer/features/profiles/mask-secrets.ts';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const SECRET = 'p4ssw0rd-do-not-show';
const PROFILE = JSON.stringify({ name: 'fleet', serverInfoUrl: 'https://api.example.net/{deviceId}', tls: { caCert: 'ca.pem', clientCert: 'c.pem', clientKey: 'k.key' }, extra: { password: SECRET } }, null, 2);

async function openEditor() {
  const h = await renderWithStore(
    <>
      <ProfilePicker disabled={false} />
      <ProfileEditor />
    </>,
    { handlers: { readProfile: ({ name }) => ({ name, text: PROFILE }) } },
  );
  await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Edit profile' })));
  return h;
}

describe('Profile editor', () => {
  it('opens the chosen profile with secrets masked and validates it', async () => {
    const h = await openEditor();
    const text = screen.getByLabelText('Profile JSON') as HTMLTextAreaElement;
    expect(text.value).toContain('"serverInfoUrl"');
    expect(text.value).toContain(MASK);
    expect(document.body.textContent).not.toContain(SECRET);
    expect(text.value).not.toContain(SECRET);
    expect(h.api.requests('validateProfile')[0]?.text).toContain(SECRET);
    expect(screen.getByText(/Profile is valid/)).toBeTruthy();
  });

  it('validates as you type and shows each issue with its field path beside its line', async () => {
    const h = await openEditor();
    h.api.handle('validateProfile', () => ({ ok: false, issues: [{ path: 'tls.caCert', message: 'file not found' }] }));
    vi.useFakeTimers();
    const area = screen.getByLabelText('Profile JSON') as HTMLTextAreaElement;
    fireEvent.change(area, { target: { value: area.value.replace('ca.pem', 'missing.pem') } });
    expect(screen.getByText('Checking…')).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(VALIDATE_DEBOUNCE_MS + 10);
    });
    expect(h.api.requests('validateProfile').at(-1)?.text).toContain('missing.pem');
    const issues = document.getElementById('editor-issues') as HTMLElement;
    expect(within(issues).getByText('1 problem(s)', { exact: false })).toBeTruthy();
    const issue = within(issues).getByRole('button', { name: /tls\.caCert/ });
    expect(issue.textContent).toContain('file not found');
    const line = area.value.split('\n').findIndex((l) => l.includes('"caCert"')) + 1;
    expect(issue.querySelector('.issue-line')?.textContent).toBe(String(line));
    const gutter = document.querySelectorAll('.gutter-line')[line - 1];
    expect(gutter?.className).toContain('gutter-issue');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves under a name, restoring the masked secret', async () => {
    const h = await openEditor();
    fireEvent.change(screen.getByLabelText('Save as'), { target: { value: 'fleet-b' } });
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    const saved = h.api.requests('saveProfile')[0];
    expect(saved?.name).toBe('fleet-b');
    expect(JSON.parse(saved?.text ?? '{}').extra.password).toBe(SECRET);
    expect(screen.getByText('Saved to /profiles/fleet-b.json')).toBeTruthy();
  });
});
