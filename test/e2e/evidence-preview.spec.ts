import { screenshotPath } from './demo-data';
import { expect, test } from './fixtures';
import { caseOfLetter, chooseLetter, openSendScreen, pickCase, waitForCheck, watchCsp } from './send-helpers';

/**
 * A finding's evidence marked on the page preview: the backend finds the text on the rendered page and the window
 * lays a box over the image where it stands, and says in words what is marked (or that it could not be found).
 */

const WRONG_CASE_NUMBER = '51-forkert-sagsnummer.pdf';
const FOREIGN_NUMBER = '27.12.04-G01-031-26';

test("a letter carrying another case's number: its finding's page shows the number marked on the image", async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  const cspViolations = await watchCsp(page);
  await chooseLetter(page, WRONG_CASE_NUMBER);
  await pickCase(page, caseOfLetter(WRONG_CASE_NUMBER));
  await waitForCheck(page);

  const finding = page.locator('.finding[data-code="CASE_NUMBER_MISMATCH"]');
  await expect(finding).toContainText(FOREIGN_NUMBER);
  await finding.getByRole('button', { name: 'Side 1' }).click();

  const preview = page.getByRole('region', { name: 'Forhåndsvisning' });
  await expect(preview.getByText('Side 1 af 1')).toBeVisible();
  const image = preview.getByRole('img', { name: `Side 1 af 1 i ${WRONG_CASE_NUMBER}` });
  await expect(image).toBeVisible();
  const mark = preview.locator(`[data-testid="preview-hit"][data-text="${FOREIGN_NUMBER}"]`);
  await expect(mark).toHaveCount(1);
  await expect(mark).toBeVisible();
  // The marks are decoration; the words below the image say the same for everyone.
  await expect(preview.locator('.preview__hits')).toHaveAttribute('aria-hidden', 'true');
  await expect(preview.getByTestId('preview-located')).toContainText(
    `Markeret på siden: «${FOREIGN_NUMBER}»`,
  );

  // The mark lies on the image: inside it, a line of text high, and wider than it is high.
  await mark.scrollIntoViewIfNeeded();
  const box = (await mark.boundingBox())!;
  const img = (await image.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(img.x - 4);
  expect(box.y).toBeGreaterThanOrEqual(img.y - 4);
  expect(box.x + box.width).toBeLessThanOrEqual(img.x + img.width + 4);
  expect(box.y + box.height).toBeLessThanOrEqual(img.y + img.height + 4);
  expect(box.width).toBeGreaterThan(box.height * 3);
  expect(box.height).toBeLessThan(img.height / 20);

  // It scales with the image: at the smaller window it is still on the same spot of the page.
  const relative = { x: (box.x - img.x) / img.width, y: (box.y - img.y) / img.height };
  await page.setViewportSize({ width: 1093, height: 614 });
  await expect
    .poll(async () => {
      const [b, i] = [(await mark.boundingBox())!, (await image.boundingBox())!];
      return [Math.round(((b.x - i.x) / i.width) * 100), Math.round(((b.y - i.y) / i.height) * 100)];
    })
    .toEqual([Math.round(relative.x * 100), Math.round(relative.y * 100)]);
  await page.setViewportSize({ width: 1366, height: 768 });

  await mark.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('send-evidence-marked'), fullPage: true });
  await preview.screenshot({ path: screenshotPath('send-evidence-marked-page') });
  expect(await cspViolations()).toEqual([]);
});
