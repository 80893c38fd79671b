import CFolioSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program and collects its output, with `posix_spawn` (Foundation's `Process` took
/// 35 ms to start git here, more than the whole walk of a 1,000-page repository).
package enum Subprocess {
    /// A child that exits before reading all of its input must not kill Folio with SIGPIPE.
    private static let ignoringBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// What a run gave.
    package struct Outcome: Sendable {
        /// The exit status, 128 + the signal when killed.
        package var status: Int32
        /// Standard output (with standard error when merged), at most the limit asked for.
        package var output: [UInt8]
        /// Whether the time ran out and the child's process group was killed.
        package var timedOut = false
        /// Whether the child wrote more than the limit (the rest was read and dropped).
        package var isCut = false
    }

    /// Limits for a child that runs what a document wrote (a runbook block).
    package struct Limits: Sendable {
        /// Seconds before the child's whole process group is stopped (SIGTERM, then SIGKILL).
        package var timeout: Double
        /// Bytes of output kept.
        package var outputBytes: Int

        package init(timeout: Double, outputBytes: Int) {
            self.timeout = timeout
            self.outputBytes = outputBytes
        }
    }

    /// Runs `arguments` (looked up on `PATH`), writing `input` to its standard input, and returns
    /// its exit status (128 + the signal when killed) and its standard output (with its standard
    /// error when `mergingErrors`, which are otherwise discarded); `nil` when it cannot start.
    package static func run(_ arguments: [String], input: [UInt8] = [], mergingErrors: Bool = false) -> (status: Int32, output: [UInt8])? {
        spawn(arguments, input: input, mergingErrors: mergingErrors, limits: nil).map { ($0.status, $0.output) }
    }

    /// Runs `arguments` in a process group of its own with standard input from `/dev/null` and
    /// standard error merged into its output, under `limits`: at the timeout, and when the child
    /// ends, whatever it left running in its group (`sleep 1234 &`) is killed, and reading stops.
    package static func run(_ arguments: [String], limits: Limits) -> Outcome? {
        spawn(arguments, input: nil, mergingErrors: true, limits: limits)
    }

    private static func spawn(_ arguments: [String], input: [UInt8]?, mergingErrors: Bool, limits: Limits?) -> Outcome? {
        _ = ignoringBrokenPipes
        var output: [Int32] = [0, 0]
        var feed: [Int32] = [-1, -1]
        // Close-on-exec: a child started at the same time by another thread must not inherit
        // these ends, or this child would never see the end of its input.
        guard folio_pipe_cloexec(&output) == 0 else { return nil }
        if input != nil, folio_pipe_cloexec(&feed) != 0 {
            close(output[0])
            close(output[1])
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, feed[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        if mergingErrors {
            posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // The child starts with no signal blocked and the default SIGPIPE, SIGTERM and SIGINT,
        // whatever this process (or a test runner) blocks or ignores: a runbook must be stoppable,
        // and `yes | head` must end.
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
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if limits != nil {
            // Its own process group (pgid = its pid), so that everything it starts can be stopped.
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let started = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(output[1])
        if input != nil { close(feed[0]) }
        guard started == 0 else {
            close(output[0])
            if input != nil { close(feed[1]) }
            return nil
        }
        if let input {
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
        }
        var outcome: Outcome
        if let limits {
            outcome = collect(from: output[0], child: pid, limits: limits)
        } else {
            outcome = Outcome(status: 0, output: readAll(output[0]))
            outcome.status = wait(for: pid)
        }
        close(output[0])
        return outcome
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                collected += buffer[..<count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        return collected
    }

    /// The exit status of `pid`, once it has ended.
    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return decode(status)
    }

    private static func decode(_ status: Int32) -> Int32 {
        let exited = (status & 0x7F) == 0
        return exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Reads the child's output until it ends and its pipe closes, or the time runs out; then
    /// kills what is left of its process group and reaps it.
    private static func collect(from descriptor: Int32, child pid: pid_t, limits: Limits) -> Outcome {
        let deadline = Date().addingTimeInterval(limits.timeout)
        var outcome = Outcome(status: 0, output: [])
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var exitStatus: Int32?
        var drainUntil: Date?  // after the child ended: a moment to read what is still in the pipe
        var stopSent: Date?
        while true {
            let now = Date()
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exitStatus = decode(status)
                    // Whatever it left in the background holds the pipe open: stop it.
                    kill(-pid, SIGKILL)
                    drainUntil = now.addingTimeInterval(0.5)
                }
            }
            if exitStatus == nil, now >= deadline {
                if stopSent == nil {
                    outcome.timedOut = true
                    kill(-pid, SIGTERM)
                    stopSent = now
                } else if now.timeIntervalSince(stopSent!) > 2 {
                    kill(-pid, SIGKILL)
                }
            }
            if let drainUntil, now >= drainUntil { break }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                let room = max(0, limits.outputBytes - outcome.output.count)
                if count > room { outcome.isCut = true }
                outcome.output += buffer[..<min(count, room)]
            } else if count == 0 {
                if exitStatus != nil { break }
                // The pipe closed while the child runs on: wait for it within the deadline.
                while exitStatus == nil {
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid {
                        exitStatus = decode(status)
                    } else if Date() >= deadline {
                        outcome.timedOut = true
                        kill(-pid, SIGKILL)
                    } else {
                        usleep(10_000)
                    }
                }
                break
            } else if errno != EINTR {
                break
            }
        }
        kill(-pid, SIGKILL)
        outcome.status = exitStatus ?? wait(for: pid)
        return outcome
    }
}
