/**
 * Random payment QR codes read back by a real decoder: 300 payments (umlauts, maximal lengths, IBANs of all SEPA
 * countries) become payloads and PNG images (every third one an SVG image too), and zbarimg reads every image to
 * exactly the payload's bytes (epcQrRounds.cts). Needs zbarimg and rsvg-convert: scripts/test-tools.sh installs
 * them. More rounds: epcQr.soak.test.cts.
 */
import { runRounds } from './epcQrRounds.cts';

describe('payment QR codes read by zbarimg', () => {
	it('reads 300 random payments’ PNG images, and every third one’s SVG, to exactly their payloads', async () => {
		const result = await runRounds(300, 20260612, 3);
		expect([result.decodedPng, result.decodedSvg]).toEqual([300, 100]);
		// Small and large symbols alike, up to the largest EPC069-12 allows.
		expect(result.versions.get(13)).toBeGreaterThan(10);
		expect(result.versions.size).toBeGreaterThan(5);
		expect(result.longestPayload).toBe(331);
	}, 120_000);
});
