/** MQTT: the state timeline (with QMTSTAT reasons), the INIT sent, RPC messages received, a test publish. */
import { useState } from 'react';
import type { MqttMessage, MqttStateEvent } from '../../../../shared/events.ts';
import { useActions, useAppState, useT } from '../../../store/hooks.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { isMessageKey } from '../../../../shared/messages/index.ts';
import { Empty, Panel, formatClock } from '../../../app/ui.tsx';
import { findInit, incoming, outgoing, prettyPayload } from '../selectors.ts';
import { isLiveSession } from '../../wizard/selectors.ts';

/** A +QMTSTAT code's meaning, from the catalogue's code words (the same the CLI and the report use). */
export function qmtstatReason(code: number, t: Translate): string {
  const key = `qmtstat.${code}.meaning`;
  return isMessageKey(key) ? t(key) : t('qmtstat.unknown.meaning', { code });
}

export function MqttPanel() {
  const t = useT();
  const { timeline, messages } = useAppState((s) => s.mqtt);
  const init = findInit(messages);
  const rpc = incoming(messages);
  return (
    <div className="mqtt-panel panel-grid">
      <Panel title={t('mqtt.timeline')} className="mqtt-timeline">
        {timeline.length === 0 ? <Empty>{t('mqtt.noState')}</Empty> : <Timeline timeline={timeline} t={t} />}
      </Panel>
      <Panel title={t('mqtt.init')} className="mqtt-init">
        {init ? <MessageView message={init} t={t} /> : <Empty>{t('mqtt.noInit')}</Empty>}
      </Panel>
      <Panel title={t('mqtt.rpc')} className="mqtt-rpc">
        {rpc.length === 0 ? (
          <Empty>{t('mqtt.noRpc')}</Empty>
        ) : (
          <ol className="message-list">
            {rpc.map((message, i) => (
              <li key={`${message.t}-${i}`}>
                <MessageView message={message} t={t} />
              </li>
            ))}
          </ol>
        )}
      </Panel>
      <PublishTest sent={outgoing(messages).filter((m) => m !== init)} />
    </div>
  );
}

export function Timeline({ timeline, t }: { timeline: readonly MqttStateEvent[]; t: Translate }) {
  return (
    <ol className="timeline">
      {timeline.map((entry, i) => (
        <li key={`${entry.t}-${i}`} className={`timeline-item mqtt-${entry.state}`} data-state={entry.state}>
          <span className="log-time">{formatClock(entry.t)}</span>
          <span className="timeline-state">{t(`mqtt.state.${entry.state}`)}</span>
          {entry.qmtstat !== undefined ? (
            <span className="timeline-reason">
              {t('mqtt.reason')}: {qmtstatReason(entry.qmtstat, t)} (+QMTSTAT {entry.qmtstat})
            </span>
          ) : null}
          {entry.detail ? <code className="timeline-detail">{entry.detail}</code> : null}
        </li>
      ))}
    </ol>
  );
}

function MessageView({ message, t }: { message: MqttMessage; t: Translate }) {
  return (
    <figure className="message">
      <figcaption>
        <span className="log-time">{formatClock(message.t)}</span> {t('mqtt.topic')}: <code>{message.topic}</code>
      </figcaption>
      <pre className="payload">{prettyPayload(message.payload)}</pre>
    </figure>
  );
}

function PublishTest({ sent }: { sent: readonly MqttMessage[] }) {
  const t = useT();
  const actions = useActions();
  const run = useAppState((s) => s.run);
  const publish = useAppState((s) => s.mqtt.publish);
  const [payload, setPayload] = useState('{"v":"1.1","pt":"TEST","body":{}}');
  const live = isLiveSession(run);
  return (
    <Panel title={t('mqtt.publish')} className="mqtt-publish">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void actions.mqtt.publishTest(payload);
        }}
      >
        <label htmlFor="publish-payload" className="visually-hidden">
          {t('mqtt.publish')}
        </label>
        <textarea id="publish-payload" rows={3} value={payload} spellCheck={false} onChange={(e) => setPayload(e.target.value)} disabled={!live} />
        <div className="button-row">
          <button type="submit" className="primary" disabled={!live || publish.status === 'sending' || payload === ''}>
            {t('mqtt.publishButton')}
          </button>
          <span aria-live="polite" className="hint-text">
            {!live ? t('mqtt.publishNeedsSession') : ''}
            {publish.status === 'sent' ? t('mqtt.published') : ''}
            {publish.status === 'failed' ? t('mqtt.publishFailed', { message: publish.error ?? '' }) : ''}
          </span>
        </div>
      </form>
      {sent.length > 0 ? (
        <>
          <h3>{t('mqtt.outgoing')}</h3>
          <ol className="message-list">
            {sent.map((message, i) => (
              <li key={`${message.t}-${i}`}>
                <MessageView message={message} t={t} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </Panel>
  );
}
