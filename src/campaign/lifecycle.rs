//! A campaign's states and the moves between them:
//!
//! ```text
//! draft → approved → scheduled → running ⇄ paused → completed
//!   ↑________|___________|          (any state before completed) → cancelled
//! ```
//!
//! A change to what was approved (audience, creatives, budget) sends an approved or scheduled campaign back
//! to draft; a running one must be paused first. Every move is checked here and nowhere else.

use serde::{Deserialize, Serialize};

/// Where a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    Approved,
    Scheduled,
    Running,
    Paused,
    Completed,
    Cancelled,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Draft,
        State::Approved,
        State::Scheduled,
        State::Running,
        State::Paused,
        State::Completed,
        State::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Approved => "approved",
            State::Scheduled => "scheduled",
            State::Running => "running",
            State::Paused => "paused",
            State::Completed => "completed",
            State::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Completed and cancelled campaigns change no more.
    pub fn is_final(self) -> bool {
        matches!(self, State::Completed | State::Cancelled)
    }

    /// Whether what was approved may be edited in this state (sending the campaign back to draft).
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Approved | State::Scheduled)
    }
}

/// What someone (or the worker) asks of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    Schedule,
    /// The start time came (the worker), or staff launch a scheduled campaign now.
    Launch,
    Pause,
    Resume,
    /// The end time came (the worker).
    Complete,
    Cancel,
    /// What was approved changed.
    BackToDraft,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Approve,
        Action::Schedule,
        Action::Launch,
        Action::Pause,
        Action::Resume,
        Action::Complete,
        Action::Cancel,
        Action::BackToDraft,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Schedule => "schedule",
            Action::Launch => "launch",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Complete => "complete",
            Action::Cancel => "cancel",
            Action::BackToDraft => "back_to_draft",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The actions a person may ask for (the others are the worker's or follow an edit).
    pub fn by_staff(self) -> bool {
        !matches!(self, Action::Complete | Action::BackToDraft)
    }
}

/// The state `action` leads to from `from`, or `None` when that move is not allowed.
pub fn next(from: State, action: Action) -> Option<State> {
    use Action as A;
    use State as S;
    Some(match (from, action) {
        (S::Draft, A::Approve) => S::Approved,
        (S::Approved, A::Schedule) => S::Scheduled,
        (S::Scheduled, A::Launch) => S::Running,
        (S::Running, A::Pause) => S::Paused,
        (S::Paused, A::Resume) => S::Running,
        (S::Running | S::Paused, A::Complete) => S::Completed,
        (S::Draft | S::Approved | S::Scheduled | S::Running | S::Paused, A::Cancel) => S::Cancelled,
        (S::Approved | S::Scheduled, A::BackToDraft) => S::Draft,
        _ => return None,
    })
}

/// The actions allowed from `state` that staff may ask for, for the page's buttons.
pub fn staff_actions(state: State) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| a.by_staff() && next(state, *a).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_and_its_pauses() {
        let mut s = State::Draft;
        for (a, want) in [
            (Action::Approve, State::Approved),
            (Action::Schedule, State::Scheduled),
            (Action::Launch, State::Running),
            (Action::Pause, State::Paused),
            (Action::Resume, State::Running),
            (Action::Pause, State::Paused),
            (Action::Complete, State::Completed),
        ] {
            s = next(s, a).unwrap_or_else(|| panic!("{s:?} --{a:?}-->"));
            assert_eq!(s, want);
        }
    }

    #[test]
    fn every_illegal_move_is_refused() {
        let allowed = [
            (State::Draft, Action::Approve),
            (State::Approved, Action::Schedule),
            (State::Scheduled, Action::Launch),
            (State::Running, Action::Pause),
            (State::Paused, Action::Resume),
            (State::Running, Action::Complete),
            (State::Paused, Action::Complete),
            (State::Approved, Action::BackToDraft),
            (State::Scheduled, Action::BackToDraft),
        ];
        let mut moves = 0;
        for s in State::ALL {
            for a in Action::ALL {
                let legal = allowed.contains(&(s, a)) || (a == Action::Cancel && !s.is_final());
                assert_eq!(next(s, a).is_some(), legal, "{s:?} {a:?}");
                moves += usize::from(legal);
            }
        }
        assert_eq!(moves, 14);
        assert!(staff_actions(State::Completed).is_empty());
        assert_eq!(
            staff_actions(State::Running),
            vec![Action::Pause, Action::Cancel]
        );
    }

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}
