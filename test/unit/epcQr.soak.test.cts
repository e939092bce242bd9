/**
 * The payment QR codes' property test (epcQr.property.test.cts) with 1,000 other random payments.
 */
import { runRounds } from './epcQrRounds.cts';

describe('payment QR codes read by zbarimg, soak', () => {
	it('reads 1,000 random payments’ PNG and SVG images to exactly their payloads', async () => {
		const result = await runRounds(1000, 11649);
		expect([result.decodedPng, result.decodedSvg]).toEqual([1000, 1000]);
		expect(result.longestPayload).toBe(331);
	}, 900_000);
});
