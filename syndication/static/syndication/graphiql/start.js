// Mounts GraphiQL on the /graphql/ page; the assets come from npm via Django static files. A first visit opens
// with the partner guide's example (docs/partners.md, the GraphQL block flagged `graphiql`) and its variables;
// later visits keep whatever the user left in their tabs.
(function () {
  var root = document.getElementById("graphiql");
  var example = JSON.parse(document.getElementById("graphiql-example").textContent || "null");
  var props = { fetcher: GraphiQL.createFetcher({ url: root.getAttribute("data-endpoint") }) };
  var stored = null;
  try {
    stored = window.localStorage.getItem("graphiql:tabState");
  } catch (error) {
    stored = null; // storage disabled: every visit is a first visit
  }
  if (example) {
    props.defaultQuery = example.query;
    if (!stored) {
      // GraphiQL 3 fills the variables editor only from the `variables` prop, not from defaultTabs.
      props.query = example.query;
      props.variables = example.variables;
    }
  }
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
