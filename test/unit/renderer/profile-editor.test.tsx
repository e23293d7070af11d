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

describe('Profile import (web mode: the file text is uploaded, never a path)', () => {
  it('uploads the chosen file as text under a name from its file name, then lists and selects it', async () => {
    const h = await renderWithStore(<ProfilePicker disabled={false} />, {
      handlers: { listProfiles: () => [{ name: 'demo', source: 'builtin' }, { name: 'Fleet C', source: 'file' }] },
    });
    const input = document.getElementById('profile-import-file') as HTMLInputElement;
    const file = new File([PROFILE], 'Fleet C (1).json', { type: 'application/json' });
    await h.run(() => fireEvent.change(input, { target: { files: [file] } }));
    await vi.waitFor(() => expect(h.api.requests('importProfile')).toHaveLength(1));
    const request = h.api.requests('importProfile')[0];
    expect(request).toEqual({ name: 'Fleet C 1', text: PROFILE });
    expect(JSON.stringify(h.api.requests('startRun'))).toBe('[]');
    await vi.waitFor(() => expect(screen.getByText(/Imported as "Fleet C 1"/)).toBeTruthy());
  });

  it('shows every problem of a refused import with its field path', async () => {
    const h = await renderWithStore(<ProfilePicker disabled={false} />, {
      handlers: { importProfile: () => ({ ok: false, issues: [{ path: 'tls.caCert', message: '/etc/passwd is not a PEM certificate' }] }) },
    });
    const input = document.getElementById('profile-import-file') as HTMLInputElement;
    await h.run(() => fireEvent.change(input, { target: { files: [new File(['{}'], 'x.json')] } }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('tls.caCert /etc/passwd is not a PEM certificate'));
  });
});
