import CFolioSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program and collects its output, with `posix_spawn` (Foundation's `Process` took
/// 35 ms to start git here, more than the whole walk of a 1,000-page repository).
enum Subprocess {
    /// A child that exits before reading all of its input must not kill Folio with SIGPIPE.
    private static let ignoringBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs `arguments` (looked up on `PATH`), writing `input` to its standard input, and returns
    /// its exit status (128 + the signal when killed) and its standard output (with its standard
    /// error when `mergingErrors`, which are otherwise discarded); `nil` when it cannot start.
    static func run(_ arguments: [String], input: [UInt8] = [], mergingErrors: Bool = false) -> (status: Int32, output: [UInt8])? {
        _ = ignoringBrokenPipes
        var output: [Int32] = [0, 0]
        var feed: [Int32] = [0, 0]
        // Close-on-exec: a child started at the same time by another thread must not inherit
        // these ends, or this child would never see the end of its input.
        guard folio_pipe_cloexec(&output) == 0 else { return nil }
        guard folio_pipe_cloexec(&feed) == 0 else {
            close(output[0])
            close(output[1])
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, feed[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        if mergingErrors {
            posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // The child starts with no signal blocked and the default SIGPIPE, SIGTERM and SIGINT,
        // whatever this process (or a test runner) blocks or ignores: `timeout` must be able to
        // stop a runbook, and `yes | head` must end.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let started = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(output[1])
        close(feed[0])
        guard started == 0 else {
            close(output[0])
            close(feed[1])
            return nil
        }
        // The input is written from another thread, so a child that writes before it has read
        // everything cannot block on a full pipe while this thread blocks on the other.
        let writer = Thread { [feed] in
            var written = 0
            input.withUnsafeBytes { bytes in
                while written < bytes.count {
                    let count = write(feed[1], bytes.baseAddress! + written, bytes.count - written)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { break }
                    written += count
                }
            }
            close(feed[1])
        }
        writer.start()
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(output[0], &buffer, buffer.count)
            if count > 0 {
                collected += buffer[..<count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(output[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), collected)
    }
}
