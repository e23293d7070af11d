import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import type { MqttViewState } from './slice.ts';

export function createMqttActions(ctx: ActionContext) {
  const setPublish = (publish: MqttViewState['publish']) => ctx.update((s) => ({ mqtt: { ...s.mqtt, publish } }));
  return {
    async publishTest(payload: string): Promise<void> {
      const runId = ctx.get().run.runId;
      if (runId === null) return;
      setPublish({ status: 'sending', error: null });
      try {
        await ctx.api.publishTest({ runId, payload });
        setPublish({ status: 'sent', error: null });
      } catch (error) {
        setPublish({ status: 'failed', error: errorMessage(error) });
      }
    },
  };
}
export type MqttActions = ReturnType<typeof createMqttActions>;
