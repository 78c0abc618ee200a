import NIOCore
import NIOPosix

/// Where the server's async code runs.
public enum ServerThreads {
    /// Runs Swift concurrency's jobs on the server's event loop threads instead of a
    /// separate pool, so that a request is not handed from thread to thread between
    /// reading the socket, answering and writing (each hand-over a wake-up of another
    /// thread). Call once, first thing in `main`, before any task is started; only for
    /// the server (the other commands keep the default pool).
    @discardableResult
    public static func useEventLoopsForConcurrency() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
