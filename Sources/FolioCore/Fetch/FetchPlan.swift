import Foundation

/// Which days a fetch asks the site for, and which of them it may skip: the site counts days in UTC, so "today"
/// here is UTC's, whatever the local zone.
public struct FetchPlan: Sendable, Equatable {
    /// The days to fetch, oldest first.
    public var days: [DayDate]

    public init(days: [DayDate]) { self.days = days }

    /// The `count` days ending with `last`, oldest first.
    public static func days(ending last: DayDate, count: Int) -> FetchPlan {
        FetchPlan(days: (0..<max(0, count)).reversed().map { last.adding(days: -$0) })
    }

    /// Every day from `first` to `last`, both included (nothing when `first` is after `last`).
    public static func days(from first: DayDate, through last: DayDate) -> FetchPlan {
        var days: [DayDate] = []
        var day = first
        while day <= last {
            days.append(day)
            day = day.adding(days: 1)
        }
        return FetchPlan(days: days)
    }

    /// What the reader's `R` fetches: today, and the days missing since the newest digest it holds, at most
    /// `limit` days in all (the newest ones).
    public static func catchingUp(newest: DayDate?, today: DayDate, limit: Int) -> FetchPlan {
        let limit = max(1, limit)
        guard let newest, newest < today else { return days(ending: today, count: 1) }
        let all = days(from: newest.adding(days: 1), through: today).days
        return FetchPlan(days: Array(all.suffix(limit)))
    }
}

extension DayDate {
    /// The calendar the site counts days in.
    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The day it is now in UTC, as the site counts days.
    public static func todayUTC(_ now: Date = Date()) -> DayDate { DayDate(now, calendar: utcCalendar) }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> DayDate {
        let start = Self.utcCalendar.date(from: DateComponents(year: year, month: month, day: day))!
        return DayDate(Self.utcCalendar.date(byAdding: .day, value: count, to: start)!, calendar: Self.utcCalendar)
    }
}
