/**
 * The centre console in Chromium against a real centre (PGlite, self-signed TLS): an administrator
 * signs in with a TOTP code computed from the test secret, creates a post, issues an enrolment
 * code, creates a user (one-time PIN), imports PVs (and sees a refused file's line/field table),
 * attaches signed PV QRs one by one and from a file (a per-line table),
 * sees the national statistics once a departure has been pushed, adds and retires a trusted PV key
 * and changes the per diem; on the no-shows screen, gives a no-show's PV its new flight (errors
 * beside the fields in fr and ar, the centre's refusal of the same departure). Screenshots at
 * 1366x768 in fr and ar.
 */
import { randomUUID } from 'node:crypto';
import { test as base } from '@playwright/test';
import { generatePvSigningKeyPair, pvToQrFields, signPvQr } from '../../core/departure/pv-qr';
import { samplePv } from '../../core/departure/testing';
import { normalizeFingerprint } from '../../core/post/provisioning';
import { totpFor } from '../../server/console/console-store';
import { createConsoleStore } from '../../server/console/console-store';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { documentDirection, expectScreenshot } from './app';
import { expect } from './test';

const NOW = Date.parse('2026-06-15T10:00:00Z');
const PASSWORD = 'correct horse battery';

const test = base.extend<{ centre: { server: RunningServer; secret: string } }>({
  // Playwright reads the fixtures a fixture needs from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  centre: async ({}, use) => {
    let now = NOW;
    const server = await startServer({ tls: 'self-signed', clock: { now: () => now } });
    const { totpSecret } = await createConsoleStore(server.store.storage, { now: () => now }).createAdmin({
      username: 'amina',
      password: PASSWORD,
      role: 'administrator',
    });
    now = NOW;
    await use({ server, secret: totpSecret });
    await server.close();
  },
});
test.use({ viewport: { width: 1366, height: 768 }, ignoreHTTPSErrors: true });

const pvFile = (pvs: unknown[]) => Buffer.from(JSON.stringify({ version: 1, pvs }, null, 2));

test('an administrator signs in with TOTP, sets up a post, imports PVs and sees the statistics', async ({ page, centre }) => {
  const { server, secret } = centre;
  await page.goto(`${server.url}/console`);
  await expect(page.getByTestId('console-signin-submit')).toBeVisible();
  await expectScreenshot(page, 'console-signin-fr');
  await page.getByTestId('console-lang-ar').click();
  expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
  await expectScreenshot(page, 'console-signin-ar');
  await page.getByTestId('console-lang-fr').click();

  // A wrong code first: refused in plain words.
  await page.getByTestId('console-signin-username').fill('amina');
  await page.getByTestId('console-signin-password').fill(PASSWORD);
  await page.getByTestId('console-signin-code').fill('000000');
  await page.getByTestId('console-signin-submit').click();
  await expect(page.getByTestId('console-signin-error')).toHaveText('Identifiant, mot de passe ou code incorrect.');
  await page.getByTestId('console-signin-password').fill(PASSWORD);
  await page.getByTestId('console-signin-code').fill(totpFor(secret).generate({ timestamp: NOW }));
  await page.getByTestId('console-signin-submit').click();
  await expect(page.getByTestId('console-who')).toHaveText('amina');

  // A post and an enrolment code, shown once as text and QR.
  await page.getByTestId('console-post-code').fill('RAK');
  await page.getByTestId('console-post-create').click();
  await expect(page.getByTestId('console-post-row-RAK')).toBeVisible();
  await page.getByTestId('console-enrol-issue').click();
  await expect(page.getByTestId('console-enrol-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.getByTestId('console-enrol-qr')).toBeVisible();
  // Beside it, the whole provisioning payload as a QR for the new post's setup screen.
  await expect(page.getByTestId('console-enrol-provisioning')).toContainText('Scanner le QR du centre');
  const provisioning = JSON.parse((await page.getByTestId('console-enrol-provisioning-qr').getAttribute('aria-label')) ?? '') as unknown;
  expect(provisioning).toMatchObject({
    kind: 'rva-depart.provisioning',
    url: centre.server.url,
    fingerprint: normalizeFingerprint(centre.server.tls?.fingerprint256 ?? ''),
    code: await page.getByTestId('console-enrol-code').textContent(),
    postCode: 'RAK',
  });

  // A user with a one-time PIN.
  await page.getByTestId('console-nav-users').click();
  await page.getByTestId('console-post-select').selectOption('RAK');
  await page.getByTestId('console-user-username').fill('y.alaoui');
  await page.getByTestId('console-user-name').fill('Youssef Alaoui');
  await page.getByTestId('console-user-role').selectOption('officer');
  await page.getByTestId('console-user-create').click();
  await expect(page.getByTestId('console-user-pin')).toHaveText(/^\d{6}$/);
  await expect(page.getByTestId('console-user-row-y.alaoui')).toBeVisible();

  // PVs: a refused file shows the line and field at fault; a good one is imported.
  await page.getByTestId('console-nav-pvs').click();
  const good = samplePv({ pvNumber: 'PV-RAK-2026-000001', authorisedPosts: ['RAK'] });
  const bad = JSON.parse(JSON.stringify(good)) as { beneficiary: { surname: unknown } };
  bad.beneficiary.surname = 42;
  await page.getByTestId('console-pv-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: pvFile([bad]) });
  await expect(page.getByTestId('console-pv-errors')).toContainText('beneficiary.surname');
  await page.getByTestId('console-pv-file').setInputFiles({ name: 'pvs.json', mimeType: 'application/json', buffer: pvFile([good]) });
  await expect(page.getByTestId('console-pv-result')).toHaveText('1 créés, 0 mis à jour, 0 inchangés.');
  await page.getByTestId('console-pv-search').fill('000001');
  await expect(page.getByTestId('console-pv-row-PV-RAK-2026-000001')).toBeVisible();

  // The authority's signed QR for that PV (a key made for this test, trusted by this centre), then
  // the sheet for the police station with the PV selected.
  const authority = generatePvSigningKeyPair();
  await server.store.putPvKeys([{ keyId: 'dgsn-test', publicKey: authority.publicKey }]);
  await page.getByTestId('console-pv-qr-number').fill('PV-RAK-2026-000001');
  // Refusals in words, not codes: a text signed by no trusted key, then an unknown PV.
  const stranger = generatePvSigningKeyPair();
  await page.getByTestId('console-pv-qr-text').fill(signPvQr(pvToQrFields(good), stranger.privateKey, 'dgsn-test'));
  await page.getByTestId('console-pv-qr-attach').click();
  await expect(page.getByTestId('console-error')).toHaveText(
    'Refusé : ce texte n’est pas un QR de PV signé par une clé de confiance, ou il a été altéré.',
  );
  await page.getByTestId('console-pv-qr-number').fill('PV-RAK-2026-999999');
  await page.getByTestId('console-pv-qr-attach').click();
  await expect(page.getByTestId('console-error')).toHaveText('Refusé : ce PV est inconnu au centre. Importez-le d’abord.');
  await page.getByTestId('console-pv-qr-number').fill('PV-RAK-2026-000001');
  await page.getByTestId('console-pv-qr-text').fill(signPvQr(pvToQrFields(good), authority.privateKey, 'dgsn-test'));
  await page.getByTestId('console-pv-qr-attach').click();
  await expect(page.getByTestId('console-pv-qr-result')).toHaveText('QR vérifié (clé dgsn-test) et joint au PV.');

  // Many signed QR texts at once, as a police station's system exports them (one a line): each line
  // checked as the single attach, the good ones attached, the others saying why, line by line.
  const second = samplePv({ pvNumber: 'PV-RAK-2026-000002', authorisedPosts: ['RAK'] });
  expect(await server.store.importPvs([second])).toMatchObject({ created: 1 });
  const exported = [
    signPvQr(pvToQrFields(second), authority.privateKey, 'dgsn-test'),
    signPvQr(pvToQrFields(good), authority.privateKey, 'dgsn-test'),
    '',
    'bonjour',
    signPvQr(pvToQrFields(samplePv({ pvNumber: 'PV-RAK-2026-000099' })), authority.privateKey, 'dgsn-test'),
    signPvQr(pvToQrFields(second), generatePvSigningKeyPair().privateKey, 'dgsn-test'),
  ].join('\r\n');
  await page
    .getByTestId('console-pv-qr-bulk-file')
    .setInputFiles({ name: 'commissariat.txt', mimeType: 'text/plain', buffer: Buffer.from(exported) });
  await expect(page.getByTestId('console-pv-qr-bulk-summary')).toHaveText(
    'Lignes lues : \u20685\u2069. QR joints : \u20681\u2069 ; déjà joints : \u20681\u2069 ; refusés : \u20683\u2069.',
  );
  const bulkRows = page.getByTestId('console-pv-qr-bulk-row');
  expect(
    await bulkRows.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-line'), r.getAttribute('data-result'), r.textContent])),
  ).toEqual([
    ['1', 'attached', '1PV-RAK-2026-000002Joint'],
    ['2', 'alreadyAttached', '2PV-RAK-2026-000001Déjà joint'],
    ['4', 'notRvapv1', '4illisiblePas un texte RVAPV1'],
    ['5', 'unknownPv', '5PV-RAK-2026-000099PV inconnu au centre'],
    ['6', 'untrusted', '6PV-RAK-2026-000002Signature non reconnue (aucune clé de confiance)'],
  ]);
  const heldQrs = await server.store.storage.query<{ pv_number: string }>('SELECT pv_number FROM pv_signed_qrs ORDER BY pv_number');
  expect(heldQrs.rows.map((r) => r.pv_number)).toEqual(['PV-RAK-2026-000001', 'PV-RAK-2026-000002']);
  await page.getByTestId('console-pv-qr-bulk').evaluate((card) => card.scrollIntoView({ block: 'start' }));
  await expectScreenshot(page, 'console-pv-qr-bulk-fr');
  await page.getByTestId('console-lang-ar').click();
  await expect(page.getByTestId('console-pv-qr-bulk-row').nth(3)).toContainText('محضر غير معروف لدى المركز');
  await page.getByTestId('console-pv-qr-bulk').evaluate((card) => card.scrollIntoView({ block: 'start' }));
  await expectScreenshot(page, 'console-pv-qr-bulk-ar');
  await page.getByTestId('console-lang-fr').click();
  // Pasted texts too; a file larger than the centre takes is refused whole, before it is sent.
  await page.getByTestId('console-pv-qr-bulk-text').fill(`\n${exported.split('\r\n')[0]}\n`);
  await page.getByTestId('console-pv-qr-bulk-submit').click();
  await expect(page.getByTestId('console-pv-qr-bulk-row')).toHaveCount(1);
  await expect(page.getByTestId('console-pv-qr-bulk-row')).toHaveAttribute('data-result', 'alreadyAttached');
  await expect(page.getByTestId('console-pv-qr-bulk-row')).toHaveAttribute('data-line', '2');
  await page
    .getByTestId('console-pv-qr-bulk-file')
    .setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 'a') });
  await expect(page.getByTestId('console-pv-qr-bulk-error')).toHaveText(
    'Fichier refusé entier : plus de \u20685\u202f000\u2069 textes ou plus de \u20682\u2069 Mo. Découpez-le en plusieurs fichiers.',
  );
  await expect(page.getByTestId('console-pv-qr-bulk-table')).toHaveCount(0);
  await page.getByTestId('console-pv-pick').check();
  const sheet = page.getByTestId('console-pv-sheet');
  await expect(sheet).toHaveAttribute('href', '/console/api/pvs/qr-sheet.pdf?pvs=PV-RAK-2026-000001&lang=fr');
  const pdf = await page.request.get(`${server.url}${await sheet.getAttribute('href')}`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await page.getByTestId('console-pv-sheet-station').fill(good.policeStation);
  // The issue day is typed dd/mm/yyyy as everywhere in the app: a day that does not exist says so
  // beside the field and leaves no link to follow; the link asks the centre in ISO.
  const byStation = page.getByTestId('console-pv-sheet-station-link');
  await page.getByTestId('console-pv-sheet-date').fill('31/06/2026');
  await page.getByTestId('console-pv-sheet-date').press('Enter');
  await expect(page.getByTestId('console-pv-sheet-date-error')).toHaveText(
    'Écrivez la date jour/mois/année, par exemple \u206815/06/2026\u2069 : rien n’est envoyé d’ici là.',
  );
  await expect(byStation).toHaveCount(0);
  await page.getByTestId('console-pv-sheet-date').fill('1/6/2026');
  await expect(page.getByTestId('console-pv-sheet-date-error')).toHaveCount(0);
  await expect(byStation).toHaveAttribute(
    'href',
    `/console/api/pvs/qr-sheet.pdf?station=${encodeURIComponent(good.policeStation)}&date=2026-06-01&lang=fr`,
  );
  expect((await page.request.get(`${server.url}${await byStation.getAttribute('href')}`)).status()).toBe(200);

  // The post stamps that PV (its pushed record, as the centre stores it): the statistics count it.
  const storage = server.store.storage;
  await storage.query("INSERT INTO devices (id, post_code, public_key, enrolled_at, last_hash) VALUES ('d-rak', 'RAK', 'k', $1, 'g')", [
    NOW,
  ]);
  await storage.query(
    `INSERT INTO events (id, device_id, post_code, seq, at, actor_id, actor_role, action, subject, details, prev_hash, hash, body_sha256, received_at)
     VALUES ($1, 'd-rak', 'RAK', 1, $2, 'u', 'officer', 'stamp.recorded', 'PV-RAK-2026-000001', $3, 'x', 'y', 'z', $2)`,
    [randomUUID(), Date.parse('2026-06-15T09:00:00Z'), JSON.stringify({ id: 's1', pvNumber: 'PV-RAK-2026-000001' })],
  );
  // What the device reported with its last signed pull: its version and the records still waiting.
  await server.store.recordDeviceReport({ id: 'd-rak', postCode: 'RAK' }, { appVersion: '1.4.2', backlog: 3 });
  await page.getByTestId('console-nav-posts').click();
  await page.getByTestId('console-post-row-RAK').getByRole('button').click();
  await expect(page.getByTestId('console-device-version')).toHaveText('1.4.2');
  await expect(page.getByTestId('console-device-backlog')).toHaveText(/^3 \(au \d{2}\/\d{2}\/2026 \d{2}:\d{2}\)$/);

  await page.getByTestId('console-nav-stats').click();
  await page.getByTestId('console-stats-year').selectOption('2026');
  await expect(page.getByTestId('console-stats-total')).toHaveText('1');
  await expect(page.getByTestId('console-stats-nationality')).toContainText('Sénégal');
  await expect(page.getByTestId('console-stats-csv')).toHaveAttribute('href', '/console/api/stats.csv?year=2026&lang=fr');
  await expectScreenshot(page, 'console-stats-fr');
  await page.getByTestId('console-lang-ar').click();
  await expect(page.getByTestId('console-stats-nationality')).toContainText('السنغال');
  // Mirrored: the bar of June starts at the axis on the right and grows leftwards.
  const chart = page.getByTestId('console-stats-chart-months');
  await expect(chart).toHaveAttribute('data-direction', 'rtl');
  const axis = await chart.locator('.console-bar-axis').boundingBox();
  const june = await chart.locator('.console-bar').nth(5).boundingBox();
  expect(axis && june && Math.abs(june.x + june.width - axis.x) < 2).toBe(true);
  await expectScreenshot(page, 'console-stats-ar');

  // Settings and keys: a second trusted PV key (a private key pasted first is refused beside the
  // field), the first one retired after confirmation, and a new per diem; each reaches the store
  // the posts pull from.
  await page.getByTestId('console-lang-fr').click();
  await page.getByTestId('console-nav-settings').click();
  await expect(page.getByTestId('console-pvkey-row-dgsn-test')).toBeVisible();
  await expect(page.getByTestId('console-pvkey-retire')).toBeDisabled();
  const next = generatePvSigningKeyPair();
  await page.getByTestId('console-pvkey-id').fill('dgsn-2027');
  await page.getByTestId('console-pvkey-text').fill(JSON.stringify({ privateKey: next.privateKey }));
  await page.getByTestId('console-pvkey-add').click();
  await expect(page.getByTestId('console-pvkey-error-key')).toHaveText(
    'C’est une clé privée : elle ne doit jamais quitter l’autorité. Collez la clé publique.',
  );
  const keyFile = { format: 'rva-pv-trusted-key', algorithm: 'Ed25519', keyId: 'dgsn-2027', publicKey: next.publicKey };
  await page
    .getByTestId('console-pvkey-file')
    .setInputFiles({ name: 'dgsn-2027.pub.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(keyFile)) });
  await expect(page.getByTestId('console-pvkey-text')).toHaveValue(JSON.stringify(keyFile));
  await expect(page.getByTestId('console-pvkey-error-key')).toHaveCount(0);
  await page.getByTestId('console-pvkey-add').click();
  await expect(page.getByTestId('console-pvkey-row-dgsn-2027')).toContainText('Active');
  await expect(page.getByTestId('console-pvkey-done')).toContainText('dgsn-2027');
  await page.getByTestId('console-pvkey-row-dgsn-test').getByTestId('console-pvkey-retire').click();
  await expect(page.getByTestId('console-pvkey-confirm')).toContainText('dgsn-test');
  await page.getByTestId('console-pvkey-retire-confirm').click();
  await expect(page.getByTestId('console-pvkey-row-dgsn-test').getByTestId('console-pvkey-status')).toHaveText(/^Retirée le /);
  expect((await server.store.pvKeys()).filter((k) => k.retiredAt === null).map((k) => [k.keyId, k.publicKey])).toEqual([
    ['dgsn-2027', next.publicKey],
  ]);

  await page.getByTestId('console-settings-amount').fill('2000');
  await page.getByTestId('console-settings-currency').fill('mad');
  await page.getByTestId('console-settings-period').fill('365');
  await page.getByTestId('console-settings-save').click();
  await expect(page.getByTestId('console-settings-error-amount')).toContainText('jusqu’à');
  await expect(page.getByTestId('console-settings-error-period')).toHaveCount(0);
  await page.getByTestId('console-settings-amount').fill('125,50');
  await page.getByTestId('console-settings-save').click();
  await expect(page.getByTestId('console-settings-saved')).toBeVisible();
  await expect(page.getByTestId('console-settings-current')).toContainText('125,50');
  // In Arabic the errors are Arabic too, the amount in them isolated.
  await page.getByTestId('console-lang-ar').click();
  await page.getByTestId('console-settings-amount').fill('x');
  await page.getByTestId('console-settings-save').click();
  await expect(page.getByTestId('console-settings-error-amount')).toContainText('أدخل مبلغًا موجبًا');
  await expect(page.getByTestId('console-settings-error-amount')).toContainText('\u20681\u202f000,00\u2069');
  expect((await server.store.settings())?.settings).toEqual({ perDiem: { amount: 12_550, currency: 'MAD', periodDays: 365 } });

  // The audit log has every action, the codes and PINs in none of them.
  await page.getByTestId('console-lang-fr').click();
  await page.getByTestId('console-nav-audit').click();
  await expect(page.getByTestId('console-audit-row').first()).toBeVisible();
  expect(await page.getByTestId('console-audit-row').count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('console-audit-row').filter({ hasText: 'settings.change' })).toHaveCount(1);
  await expect(page.getByTestId('console-audit-row').filter({ hasText: 'pvKey.add' })).toHaveCount(1);
  await expect(page.getByTestId('console-audit-row').filter({ hasText: 'pvKey.retire' })).toHaveCount(1);
  await expect(page.getByTestId('console-audit-row').filter({ hasText: 'pv.signedQrImport' })).toHaveCount(2);

  // A screen whose list cannot be loaded says so, rather than showing an empty list: the centre
  // not answering, then a session ended at the centre; the message goes once the list loads.
  await expect(page.getByTestId('console-load-error')).toHaveCount(0);
  await page.route('**/console/api/conflict-cases', (route) => route.abort('connectionrefused'));
  await page.getByTestId('console-nav-conflicts').click();
  await expect(page.getByTestId('console-load-error')).toHaveText(
    'Le centre n’a pas répondu : vérifiez la connexion, puis rechargez la page pour voir si l’action a été faite.',
  );
  await page.unroute('**/console/api/conflict-cases');
  await page.route('**/console/api/audit', (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'console.unauthenticated' }) }),
  );
  await page.getByTestId('console-lang-ar').click();
  await page.getByTestId('console-nav-audit').click();
  await expect(page.getByTestId('console-load-error')).toHaveText('انتهت جلستك: سجّل الدخول من جديد.');
  await page.unroute('**/console/api/audit');
  await page.getByTestId('console-nav-posts').click();
  await expect(page.getByTestId('console-load-error')).toHaveCount(0);
});

test('the no-shows the posts reported: filtered by post and date, an administrator re-schedules a PV to a new flight', async ({
  page,
  centre,
}) => {
  const { server, secret } = centre;
  const storage = server.store.storage;
  // Two posts' pushed flight.noShow records, as the centre stores them (server migration 4).
  for (const [post, device] of [
    ['CMN', 'd-cmn'],
    ['RAK', 'd-rak'],
  ] as const) {
    await storage.query('INSERT INTO posts (code, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [post, NOW]);
    await storage.query("INSERT INTO devices (id, post_code, public_key, enrolled_at, last_hash) VALUES ($1, $2, 'k', $3, 'g')", [
      device,
      post,
      NOW,
    ]);
  }
  const noShows = [
    ['d-cmn', 'CMN', 'PV-CMN-2026-000965', 'AIR:AT961:2026-06-15', 'withdrew', ''],
    ['d-cmn', 'CMN', 'PV-CMN-2026-000964', 'AIR:AT961:2026-06-15', 'other', 'Hospitalisé la veille'],
    ['d-rak', 'RAK', 'PV-RAK-2026-000007', 'LAND:TANGER MED ALGESIRAS:2026-06-16', 'didNotCome', ''],
  ] as const;
  for (const [i, [device, post, pv, flightKey, reason, note]] of noShows.entries()) {
    const id = randomUUID();
    const at = Date.parse('2026-06-15T08:25:00Z') + i * 60_000;
    await storage.query(
      `INSERT INTO events (id, device_id, post_code, seq, at, actor_id, actor_role, action, subject, details, prev_hash, hash, body_sha256, received_at)
       VALUES ($1, $2, $3, $4, $5, 'u-sup', 'supervisor', 'flight.noShow', $6, $7, 'x', 'y', 'z', $5)`,
      [id, device, post, i + 1, at, pv, JSON.stringify({ id: `n${i}`, pvNumber: pv, flightKey, reason, note })],
    );
    await storage.query(
      `INSERT INTO no_shows (device_id, event_id, post_code, pv_number, flight_key, reason, note, at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [device, id, post, pv, flightKey, reason, note, at],
    );
  }

  // The PV of the hospitalised beneficiary, as the centre holds it (with the authority's signed QR).
  const hospitalPv = samplePv({
    pvNumber: 'PV-CMN-2026-000964',
    ticket: { mode: 'air', carrier: 'AT', flightNumber: '961', date: '2026-06-15', pnr: 'K7QZ2P' },
  });
  expect((await server.store.importPvs([hospitalPv])).errors).toEqual([]);

  // The page's clock on the centre's day: the form says "past" of the same today as the centre.
  await page.clock.setFixedTime(NOW);
  await page.goto(`${server.url}/console`);
  await page.getByTestId('console-signin-username').fill('amina');
  await page.getByTestId('console-signin-password').fill(PASSWORD);
  await page.getByTestId('console-signin-code').fill(totpFor(secret).generate({ timestamp: NOW }));
  await page.getByTestId('console-signin-submit').click();
  await page.getByTestId('console-nav-noShows').click();
  const rows = () => page.getByTestId('console-no-show-row').evaluateAll((r) => r.map((e) => e.getAttribute('data-pv')));
  await expect.poll(rows).toEqual(['PV-RAK-2026-000007', 'PV-CMN-2026-000964', 'PV-CMN-2026-000965']);
  const hospital = page.locator('[data-testid="console-no-show-row"][data-pv="PV-CMN-2026-000964"]');
  await expect(hospital).toContainText('AT 961');
  await expect(hospital).toContainText('15/06/2026');
  await expect(hospital).toContainText('Hospitalisé la veille');
  await expect(hospital).toContainText('superviseur');

  await page.getByTestId('console-no-shows-post').selectOption('CMN');
  await expect.poll(rows).toEqual(['PV-CMN-2026-000964', 'PV-CMN-2026-000965']);
  // The flight date typed dd/mm/yyyy; a wrong one (no 31 February, no ISO date) says so beside the
  // field in the screen's language and asks the centre nothing.
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/console/api/no-shows?')) asked.push(new URL(r.url()).search);
  });
  await page.getByTestId('console-no-shows-date').fill('16/06/2026');
  await expect(page.getByTestId('console-no-shows-none')).toBeVisible();
  expect(asked.at(-1)).toBe('?post=CMN&date=2026-06-16');
  const before = asked.length;
  for (const wrong of ['31/02/2026', '2026-06-15']) {
    await page.getByTestId('console-no-shows-date').fill(wrong);
    await page.getByTestId('console-no-shows-date').press('Enter');
    await expect(page.getByTestId('console-no-shows-date-error')).toContainText('jour/mois/année');
    await expect(page.getByTestId('console-no-shows-table')).toHaveCount(0);
  }
  await page.getByTestId('console-lang-ar').click();
  await expect(page.getByTestId('console-no-shows-date-error')).toContainText('يوم/شهر/سنة');
  await page.getByTestId('console-lang-en').click();
  await expect(page.getByTestId('console-no-shows-date-error')).toContainText('day/month/year');
  await page.getByTestId('console-lang-fr').click();
  expect(asked).toHaveLength(before);
  await page.getByTestId('console-no-shows-date').fill('15/6/2026');
  await expect.poll(rows).toEqual(['PV-CMN-2026-000964', 'PV-CMN-2026-000965']);
  expect(asked.at(-1)).toBe('?post=CMN&date=2026-06-15');
  await page.getByTestId('console-no-shows-clear').click();
  await expect.poll(rows).toHaveLength(3);

  // "To reschedule" opens the form of the new departure; what is wrong is said beside each field.
  await hospital.getByTestId('console-no-show-reschedule').click();
  const form = page.getByTestId('console-reschedule-form');
  await expect(form).toContainText('PV-CMN-2026-000964');
  await expect(form.getByTestId('console-reschedule-route')).toHaveCount(0);
  await form.getByTestId('console-reschedule-carrier').fill('a');
  await form.getByTestId('console-reschedule-flight-number').fill('12345');
  await form.getByTestId('console-reschedule-date').fill('31/06/2026');
  await form.getByTestId('console-reschedule-submit').click();
  await expect(form.getByTestId('console-reschedule-error-carrier')).toHaveText('Deux ou trois lettres ou chiffres, par exemple AT.');
  await expect(form.getByTestId('console-reschedule-error-flightNumber')).toContainText('Un à quatre chiffres');
  await expect(form.getByTestId('console-reschedule-error-date')).toContainText('jj/mm/aaaa');
  await form.getByTestId('console-reschedule-carrier').fill('at');
  await form.getByTestId('console-reschedule-flight-number').fill('1001');
  await form.getByTestId('console-reschedule-date').fill('14/06/2026');
  await form.getByTestId('console-reschedule-submit').click();
  await expect(form.getByTestId('console-reschedule-error-carrier')).toHaveCount(0);
  await expect(form.getByTestId('console-reschedule-error-date')).toHaveText(
    'Cette date est passée (aujourd’hui : \u206815/06/2026\u2069).',
  );
  await expectScreenshot(page, 'console-no-shows-reschedule-fr');
  // In Arabic the same errors are Arabic, the date in them isolated.
  await page.getByTestId('console-lang-ar').click();
  await expect(form.getByTestId('console-reschedule-error-date')).toHaveText('هذا التاريخ مضى (اليوم: \u206815/06/2026\u2069).');
  await expectScreenshot(page, 'console-no-shows-reschedule-ar');
  await page.getByTestId('console-lang-fr').click();
  // The same departure as now is refused by the centre, under the form.
  await form.getByTestId('console-reschedule-flight-number').fill('0961');
  await form.getByTestId('console-reschedule-date').fill('15/06/2026');
  await form.getByTestId('console-reschedule-submit').click();
  await expect(form.getByTestId('console-reschedule-error')).toHaveText('C’est le départ actuel du PV : indiquez-en un autre.');

  await form.getByTestId('console-reschedule-flight-number').fill('1001');
  await form.getByTestId('console-reschedule-date').fill('18/06/2026');
  await form.getByTestId('console-reschedule-pnr').fill('n3wpnr');
  await form.getByTestId('console-reschedule-submit').click();
  await expect(page.getByTestId('console-no-shows-message')).toContainText('PV-CMN-2026-000964');
  await expect(form).toHaveCount(0);
  await expect(hospital.getByTestId('console-no-show-rescheduled')).toHaveText(
    'Reprogrammé : \u2068AT 1001\u2069 le \u206818/06/2026\u2069, par \u2068amina\u2069 le \u206815/06/2026 11:00\u2069',
  );
  await expect(hospital.getByTestId('console-no-show-reschedule')).toHaveCount(0);
  // The PV changed at the centre: a new revision every post pulls, with the new flight and booking.
  const { rows: held } = await storage.query<{ revision: number; body: { ticket: unknown } }>(
    "SELECT revision, body FROM pvs WHERE pv_number = 'PV-CMN-2026-000964'",
  );
  expect(held).toEqual([
    {
      revision: 2,
      body: expect.objectContaining({ ticket: { mode: 'air', carrier: 'AT', flightNumber: '1001', date: '2026-06-18', pnr: 'N3WPNR' } }),
    },
  ]);
  await expectScreenshot(page, 'console-no-shows-fr');
  await page.getByTestId('console-lang-ar').click();
  expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
  await expect(hospital.getByTestId('console-no-show-rescheduled')).toContainText('أُعيدت برمجته');
  await expectScreenshot(page, 'console-no-shows-ar');

  await page.getByTestId('console-lang-fr').click();
  await page.getByTestId('console-nav-audit').click();
  // The refusal (the same departure) and the re-scheduling, each in the log.
  const reschedules = page.getByTestId('console-audit-row').filter({ hasText: 'noShow.reschedule' });
  await expect(reschedules.filter({ hasText: 'refusé' })).toHaveCount(1);
  await expect(reschedules.filter({ hasText: 'effectué' })).toHaveCount(1);
});
