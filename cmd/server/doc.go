// Command server serves kafkalab: the lesson list, the lab page and the
// WebAssembly lab, all embedded in this one binary.
//
// Pages are rendered with templ; the lab page arrives with the live lab's
// first paint already drawn (firstpaint.go), which the wasm then takes over. Static files are served from memory under
// content-hashed URLs (/assets/kafkalab.<hash>.wasm) with year-long immutable
// caching; the unhashed names also work, revalidated by ETag. The wasm is sent
// precompressed (brotli or gzip, chosen by Accept-Encoding, with Vary). Every
// response carries a Content-Security-Policy that allows WebAssembly and nothing
// inline, nosniff and a Referrer-Policy. Only the files in the asset table can be
// served: a request path is looked up by name, never joined onto a directory, so
// no path can leave the embedded tree.
//
// Usage: server [-addr :8080]   (or PORT=9000 server)
package main
