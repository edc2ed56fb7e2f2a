// MiniSearch, the in-memory engine of the original hyper nano's search service, behind the smallest HTTP
// front end that can take the search workload: a reference point for our Lucene index, not a product.
//   node minisearch-server.mjs <port>
//   POST /bulk   [doc...]            add documents (each with _id)
//   POST /doc    {key, doc}          add one document
//   POST /query  {query}             search; answers {ok, matches}
import { createServer } from "node:http";
import MiniSearch from "minisearch";

const index = new MiniSearch({ idField: "_id", fields: ["title", "body"], storeFields: ["title"] });

const routes = {
  "/bulk": (docs) => {
    index.addAll(docs);
    return { ok: true, results: docs.map((d) => ({ ok: true, id: d._id })) };
  },
  "/doc": ({ key, doc }) => {
    index.add({ ...doc, _id: key });
    return { ok: true };
  },
  "/query": ({ query }) => ({ ok: true, matches: index.search(query) }),
};

createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const route = req.method === "POST" ? routes[req.url] : undefined;
    let status = 200, body;
    try {
      body = route ? route(JSON.parse(Buffer.concat(chunks).toString() || "{}")) : { ok: true };
    } catch (e) {
      status = 400;
      body = { ok: false, msg: e.message };
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
}).listen(Number(process.argv[2]), "127.0.0.1");
