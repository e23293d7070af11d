/** IMEIs for fleets of virtual devices: 14-digit body + Luhn check digit, as real IMEIs carry. */

export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}

/** The IMEI `n` serial numbers after `first` (same TAC, body + n, fresh check digit); n = 0 is `first`. */
export function nthImei(first: string, n: number): string {
  if (n === 0) return first;
  const body = (BigInt(first.slice(0, 14)) + BigInt(n)).toString().padStart(14, '0').slice(-14);
  return `${body}${luhnCheckDigit(body)}`;
}

/** True for 15 digits whose last one is the Luhn check digit of the first 14. */
export function isValidImei(text: string): boolean {
  return /^\d{15}$/.test(text) && luhnCheckDigit(text.slice(0, 14)) === Number(text[14]);
}
