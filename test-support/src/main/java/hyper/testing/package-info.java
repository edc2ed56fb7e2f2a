/**
 * Test support, not shipped: one abstract contract suite per port (every adapter's test extends its
 * port's suite, so a new engine proves itself by passing the same cases) and the single copy of each
 * test helper.
 */
package hyper.testing;
