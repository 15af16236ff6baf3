// Settings: push notifications on this device (issue 12), as Mastodon's web app offers them —
// one switch (browser permission, subscription with the server's key, POST/DELETE
// /api/v1/push/subscription), which notifications (data[alerts]) and from whom (data[policy]).
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { ALERTS, POLICIES, disablePush, enablePush, pushState, updatePush, type Alerts, type Policy, type PushState } from '../../api/push';
import { SettingsNav } from './SettingsNav';

const DEFAULT_ALERTS = Object.fromEntries(ALERTS.map((a) => [a, true])) as Alerts;

export function Push() {
  const { t } = useI18n();
  const [state, setState] = useState<PushState | null>(null);
  const [alerts, setAlerts] = useState<Alerts>(DEFAULT_ALERTS);
  const [policy, setPolicy] = useState<Policy>('all');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<'saved' | 'failed' | null>(null);

  useEffect(() => {
    pushState().then(
      ({ state, server }) => {
        setState(state);
        if (server) {
          setAlerts({ ...DEFAULT_ALERTS, ...Object.fromEntries(ALERTS.map((a) => [a, !!server.alerts[a]])) });
          setPolicy(server.policy);
        }
      },
      () => setState('off'),
    );
  }, []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setNote(null);
    try {
      await work();
    } catch {
      setNote('failed');
    } finally {
      setBusy(false);
    }
  };

  const toggle = () =>
    run(async () => {
      if (state === 'on') {
        await disablePush();
        setState('off');
      } else setState((await enablePush(alerts, policy)).state);
    });

  // While push is on, each change is saved at once (PUT); while off, it is sent when turned on.
  const change = (nextAlerts: Alerts, nextPolicy: Policy) => {
    setAlerts(nextAlerts);
    setPolicy(nextPolicy);
    if (state === 'on')
      void run(async () => {
        await updatePush(nextAlerts, nextPolicy);
        setNote('saved');
      });
  };

  const usable = state === 'on' || state === 'off';
  return (
    <Layout title={t.push.title}>
      <SettingsNav />
      <section className="card push-settings" aria-labelledby="push-title">
        <h2 id="push-title">{t.push.title}</h2>
        <p className="muted">{t.push.intro}</p>
        <label className="checkbox push-switch">
          <input type="checkbox" role="switch" checked={state === 'on'} disabled={!usable || busy} onChange={() => void toggle()} />
          <span>{t.push.toggle}</span>
        </label>
        <p className={`push-state push-${state ?? 'checking'}`} role="status" data-state={state ?? 'checking'}>
          {state ? t.push.state[state] : t.push.state.checking}
        </p>
        <fieldset className="choices push-alerts" disabled={!usable || busy}>
          <legend>{t.push.alertsLegend}</legend>
          {ALERTS.map((alert) => (
            <label key={alert} className="checkbox">
              <input type="checkbox" name={alert} checked={alerts[alert]} onChange={(e) => change({ ...alerts, [alert]: e.target.checked }, policy)} />
              <span>{t.push.alerts[alert]}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choices push-policy" disabled={!usable || busy}>
          <legend>{t.push.policyLegend}</legend>
          {POLICIES.map((value) => (
            <label key={value} className="checkbox">
              <input type="radio" name="policy" value={value} checked={policy === value} onChange={() => change(alerts, value)} />
              <span>{t.push.policy[value]}</span>
            </label>
          ))}
        </fieldset>
        {note && <p className={note === 'failed' ? 'error' : 'muted'} role="status">{t.push[note]}</p>}
      </section>
    </Layout>
  );
}
