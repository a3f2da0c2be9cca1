import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as the local runtime runs it (local/dynamodb/dynamodb-local.ts). Two things its
 * own entry point cannot do:
 *
 * - Listen on 127.0.0.1 only. DynamoDB Local has no host option and binds every interface, with
 *   no authentication; its Jetty connector is told the host before it starts.
 * - Go when its parent goes. The runtime holds this process's stdin open; end of input (the
 *   runtime exited, even by kill -9) stops this JVM, so no database is left held by an orphan.
 */
public final class LoopbackDynamoDbLocal {
    private LoopbackDynamoDbLocal() {}

    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        if (proxy == null) return; // -help or -version: already answered.
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        for (Connector connector : server.getConnectors()) {
            if (!(connector instanceof ServerConnector)) throw new IllegalStateException("Unexpected connector " + connector);
            ((ServerConnector) connector).setHost("127.0.0.1");
        }
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // The runtime never writes: anything read is ignored.
                }
            } catch (IOException ignored) {
                // A broken pipe is an end of input too.
            }
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        proxy.start();
        proxy.join();
    }
}
