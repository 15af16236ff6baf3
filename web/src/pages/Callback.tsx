import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { completeSignIn } from '../auth/oauth';
import { navigate, Link } from '../lib/router';
import { Layout } from '../components/Layout';

export function Callback() {
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    completeSignIn(location.search)
      .then((to) => navigate(to, { replace: true }))
      .catch(() => setFailed(true));
  }, []);
  return (
    <Layout title={t.welcome.signIn}>
      {failed ? (
        <p role="alert">
          {t.welcome.callbackFailed} <Link to="/">{t.welcome.signIn}</Link>
        </p>
      ) : (
        <p role="status">{t.timeline.loading}</p>
      )}
    </Layout>
  );
}
