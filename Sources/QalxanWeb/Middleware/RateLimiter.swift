import Foundation

/// Fixed-window counters per key (client address + action), in memory. Each instance
/// counts on its own: behind a load balancer the effective limit is per instance.
actor RateLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]
    private var lastSweep = Date()

    /// Counts one hit; returns the seconds to wait when over `limit` in `window`, else nil.
    func hit(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) -> Int? {
        if now.timeIntervalSince(lastSweep) > 60 {
            windows = windows.filter { now.timeIntervalSince($0.value.start) < 3600 }
            lastSweep = now
        }
        var entry = windows[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        entry.count += 1
        windows[key] = entry
        if entry.count > limit {
            return max(1, Int((window - now.timeIntervalSince(entry.start)).rounded(.up)))
        }
        return nil
    }
}
