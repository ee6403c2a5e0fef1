/**
 * The warning a label edit of test images gets: it changes the answer key every run is scored
 * on, so a retrain's recorded score is not comparable with the earlier one (issue 14, bug 3).
 */
export function testFixWarning(testImages: number): string {
  const what = testImages === 1 ? 'a test image' : `${testImages.toLocaleString()} test images`;
  return `This changed the label of ${what}: the test answer key changed, so recorded scores of earlier runs are no longer comparable. The Runs screen compares runs on today's labels.`;
}
