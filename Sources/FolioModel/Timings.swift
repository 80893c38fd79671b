import Foundation

/// `FOLIO_TIMINGS=1`: how long each stage took, on stderr (for profiling, not for users).
package final class Timings: @unchecked Sendable {
    private static let isOn = ProcessInfo.processInfo.environment["FOLIO_TIMINGS"] == "1"
    private var last = DispatchTime.now()
    private var lastCPU = Timings.isOn ? Timings.cpuMilliseconds() : 0

    package init() {}

    /// Prints a line, when timings are on.
    package func note(_ text: String) {
        guard Self.isOn else { return }
        FileHandle.standardError.write(Data("folio: \(text)\n".utf8))
    }

    /// Prints the time since the last mark (or since `init`), when timings are on.
    package func mark(_ stage: String) {
        guard Self.isOn else { return }
        let now = DispatchTime.now()
        let milliseconds = (now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000
        let cpu = Self.cpuMilliseconds()
        FileHandle.standardError.write(Data("folio: \(stage): \(milliseconds) ms (cpu \(cpu - lastCPU) ms, resident \(Self.residentMiB()) MiB)\n".utf8))
        last = now
        lastCPU = cpu
    }

    /// The process' user and system time so far, every thread, in milliseconds.
    static func cpuMilliseconds() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000
    }

    /// The process' resident memory now, in MiB (from `/proc/self/statm`; 0 where there is none).
    static func residentMiB() -> Int {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/statm"), let data = try? handle.readToEnd() else { return 0 }
        let text = String(decoding: data, as: UTF8.self)
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
    }
}
