import { DEMO_USERS } from '../../../../shared/demo-users';
import { useMessages } from '../../i18n';

/**
 * On a demo store only: the demo users with their published passwords (docs/demo-data.md), so a newcomer can try
 * each role. A real installation has none of them, and the backend says so (`getSession().demoUsers`).
 */
export function DemoUsers() {
  const t = useMessages().auth;
  const c = t.demo.columns;
  return (
    <section
      className="auth-card auth-card--demo"
      aria-labelledby="demo-users-heading"
      data-testid="demo-users"
    >
      <h2 id="demo-users-heading" className="auth-card__subheading">
        {t.demo.heading}
      </h2>
      <p className="hint">{t.demo.intro}</p>
      <div className="table-frame">
        <table className="data-table auth-demo-table">
          <thead>
            <tr>
              <th scope="col">{c.name}</th>
              <th scope="col">{c.role}</th>
              <th scope="col">{c.username}</th>
              <th scope="col">{c.password}</th>
            </tr>
          </thead>
          <tbody>
            {DEMO_USERS.map((u) => (
              <tr key={u.username}>
                <th scope="row">{u.displayName}</th>
                <td>{t.roles[u.role]}</td>
                <td>
                  <code>{u.username}</code>
                </td>
                <td>
                  <code>{u.password}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
