// Shared by the conformance tests: where the server is, and a fresh domain name per test file.
import { connect } from 'hyper-connect'

export const base = process.env.HYPER_URL ?? 'http://127.0.0.1:6363'

/** A hyper-connect client for a domain unique to this run. */
export function client(prefix) {
  const domain = `${prefix}-${process.pid}-${Date.now().toString(36)}`
  return { hyper: connect(`${base}/${domain}`), domain }
}
