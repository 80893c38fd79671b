import FolioCLI
import Foundation

#if canImport(CMimalloc)
    import CMimalloc

    // Linked for its malloc and free, which replace glibc's in this process; naming one of its
    // functions keeps the linker from dropping it.
    _ = mi_version()
#endif

FolioCommand.exitsAfterRun = true
exit(FolioCommand.run(Array(CommandLine.arguments.dropFirst())))
