/**
 * Serial ports with their USB details; Quectel modems (VID 2c7c) highlighted, busy ports marked,
 * the virtual device named "Demo device". Native radio buttons: arrow keys move the choice.
 */
import { useState } from 'react';
import type { PortInfo } from '../../../../shared/ipc.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { Panel, Empty } from '../../../app/ui.tsx';
import { demoScenario, sortPorts } from '../selectors.ts';

export function PortPicker({ disabled }: { disabled: boolean }) {
  const t = useT();
  const actions = useActions();
  const { ports, selected, loading, error, changes } = useAppState((s) => s.ports);
  const sorted = sortPorts(ports);
  const custom = selected !== null && !ports.some((p) => p.uri === selected);
  return (
    <Panel
      title={t('ports.title')}
      className="port-picker"
      actions={
        <button type="button" onClick={() => void actions.ports.refreshPorts()} disabled={loading}>
          {t('ports.refresh')}
        </button>
      }
    >
      <span className="visually-hidden" aria-live="polite">
        {changes > 0 ? t('ports.changed') : ''}
      </span>
      {error ? <p className="error-text">{t('common.error', { message: error })}</p> : null}
      {sorted.length === 0 && !loading ? <Empty>{t('ports.empty')}</Empty> : null}
      <fieldset className="port-list" disabled={disabled}>
        <legend className="visually-hidden">{t('ports.title')}</legend>
        {sorted.map((port) => (
          <PortOption key={port.uri} port={port} checked={port.uri === selected} onSelect={() => actions.ports.selectPort(port.uri)} t={t} />
        ))}
      </fieldset>
      <CustomPort current={custom ? selected : null} disabled={disabled} />
    </Panel>
  );
}

function PortOption({ port, checked, onSelect, t }: { port: PortInfo; checked: boolean; onSelect: () => void; t: Translate }) {
  const scenario = demoScenario(port.uri);
  const title = scenario === null ? port.label : scenario === '' ? t('ports.demo') : t('ports.demoScenario', { scenario });
  const details = portDetails(port, t);
  const classes = ['port', port.isQuectel ? 'port-quectel' : '', port.busy ? 'port-busy' : '', checked ? 'port-selected' : ''];
  return (
    <label className={classes.filter(Boolean).join(' ')} data-uri={port.uri}>
      <input type="radio" name="port" value={port.uri} checked={checked} onChange={onSelect} />
      <span className="port-text">
        <span className="port-title">
          {title}
          {port.isQuectel ? <span className="badge badge-accent">{t('ports.quectel')}</span> : null}
          {port.kind === 'sim' ? <span className="badge">{t('ports.kind.sim')}</span> : null}
        </span>
        <span className="port-details">{details}</span>
        {port.busy ? <span className="port-busy-text">{t('ports.busy', { reason: port.busy })}</span> : null}
      </span>
    </label>
  );
}

function portDetails(port: PortInfo, t: Translate): string {
  const parts = [port.uri];
  if (port.manufacturer) parts.push(port.manufacturer);
  if (port.vendorId && port.productId) parts.push(t('ports.usb', { vid: port.vendorId, pid: port.productId }));
  if (port.serialNumber) parts.push(t('ports.serial', { serial: port.serialNumber }));
  return parts.join(' · ');
}

function CustomPort({ current, disabled }: { current: string | null; disabled: boolean }) {
  const t = useT();
  const actions = useActions();
  const [text, setText] = useState(current ?? '');
  const submit = () => {
    if (text.trim()) actions.ports.selectPort(text);
  };
  return (
    <form
      className="custom-port"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="custom-port">{t('ports.custom')}</label>
      <div className="inline-form">
        <input
          id="custom-port"
          type="text"
          value={text}
          placeholder={t('ports.customHint')}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
          aria-describedby="custom-port-current"
        />
        <button type="submit" disabled={disabled || text.trim() === ''}>
          {t('ports.useCustom')}
        </button>
      </div>
      {current ? (
        <p id="custom-port-current" className="selected-custom">
          ✓ <code>{current}</code>
        </p>
      ) : null}
    </form>
  );
}
