/**
 * The warning a label edit of test images gets: it changes the answer key every run is scored
 * on, so a retrain's recorded score is not comparable with the earlier one (issue 14, bug 3).
 */
export function testFixWarning(testImages: number): string {
  const what = testImages === 1 ? 'a test image' : `${testImages.toLocaleString()} test images`;
  return `That changed ${what}: earlier runs were scored on the old answer key; the Runs screen compares them on today's labels.`;
}
