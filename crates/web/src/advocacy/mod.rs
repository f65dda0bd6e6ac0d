//! The public page of how the network speaks for its members: advocacy actions, cooperations
//! and outreach.

pub mod list;

use urbis_domain::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};

/// Every kind of advocacy action, in the order a year lists them.
pub const ACTION_KINDS: [AdvocacyKind; 4] = [
    AdvocacyKind::Submission,
    AdvocacyKind::PositionPaper,
    AdvocacyKind::Letter,
    AdvocacyKind::Hearing,
];

/// Every kind of cooperation, in the order the page groups them.
pub const COOPERATION_KINDS: [CooperationKind; 4] = [
    CooperationKind::Cooperation,
    CooperationKind::Chapter,
    CooperationKind::NetworkMembership,
    CooperationKind::AdvisoryBoardSeat,
];

/// Every kind of outreach, in the order a year lists them.
pub const OUTREACH_KINDS: [OutreachKind; 2] = [OutreachKind::Presentation, OutreachKind::Exchange];
