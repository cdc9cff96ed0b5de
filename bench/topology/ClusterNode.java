// One node of a multi-node OpenSearch cluster, started by search/opensearch_node/start.sh (OPENSEARCH_MAIN).
// codelibs' runner forces discovery.type=single-node when it starts one node per JVM; this launcher starts the same
// runner with zen (multi-node) discovery (seeds and bootstrap nodes come from opensearch.yml) and the node name given in
// OPENSEARCH_NODE_NAME, so that each node can run, and be killed, in its own process.
import org.codelibs.opensearch.runner.OpenSearchRunner;

public class ClusterNode {
    public static void main(final String[] args) throws Exception {
        final OpenSearchRunner runner = new OpenSearchRunner();
        final String name = System.getenv().getOrDefault("OPENSEARCH_NODE_NAME", "node-1");
        runner.onBuild((number, settings) -> settings.put("discovery.type", "zen").put("node.name", name));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println(e);
            }
        }));
        try {
            runner.build(args);
        } catch (final RuntimeException e) {
            e.printStackTrace();  // the runner's own main exits without a word; say why
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(5000);
        }
    }
}
