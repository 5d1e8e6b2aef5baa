//! The database schema, kept by hand for both backends. The `schema_matches`
//! test compares it with what the SQLite and PostgreSQL migrations produce.

diesel::table! {
    boroughs (id) {
        id -> Integer,
        code -> Text,
        slug -> Text,
        name -> Text,
    }
}

diesel::table! {
    changes (seq) {
        seq -> Integer,
        entity -> Text,
        entity_id -> Integer,
        action -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    interests (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        parent_id -> Nullable<Integer>,
        position -> Integer,
    }
}

diesel::table! {
    listings (id) {
        id -> Integer,
        kind -> Text,
        slug -> Text,
        name -> Text,
        summary -> Text,
        description -> Text,
        organisation_id -> Nullable<Integer>,
        place_id -> Nullable<Integer>,
        opportunity -> Text,
        cost_kind -> Text,
        cost_pence -> Nullable<Integer>,
        cost_note -> Text,
        age_min -> Nullable<Integer>,
        age_max -> Nullable<Integer>,
        first_visit -> Text,
        contact_name -> Text,
        contact_email -> Text,
        contact_phone -> Text,
        website -> Text,
        booking_required -> Bool,
        status -> Text,
        address -> Text,
        postcode -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        borough_id -> Nullable<Integer>,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        rrule -> Nullable<Text>,
        last_checked_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    listing_interests (listing_id, interest_id) {
        listing_id -> Integer,
        interest_id -> Integer,
    }
}

diesel::table! {
    listing_boroughs_served (listing_id, borough_id) {
        listing_id -> Integer,
        borough_id -> Integer,
    }
}

diesel::table! {
    listing_audiences (listing_id, audience) {
        listing_id -> Integer,
        audience -> Text,
    }
}

diesel::table! {
    listing_facilities (listing_id, facility) {
        listing_id -> Integer,
        facility -> Text,
    }
}

diesel::table! {
    occurrence_cancellations (listing_id, starts_at) {
        listing_id -> Integer,
        starts_at -> Timestamp,
        reason -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        to_address -> Text,
        to_name -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        reply_to -> Nullable<Text>,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    people (id) {
        id -> Integer,
        email -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        email_verified_at -> Nullable<Timestamp>,
        job_title -> Text,
        work_organisation -> Text,
        professional_status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    person_roles (person_id, role) {
        person_id -> Integer,
        role -> Text,
        granted_at -> Timestamp,
        granted_by -> Nullable<Integer>,
    }
}

diesel::table! {
    organisers (listing_id, person_id) {
        listing_id -> Integer,
        person_id -> Integer,
        added_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        person_id -> Integer,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        user_agent -> Text,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> Integer,
        token_hash -> Text,
        purpose -> Text,
        person_id -> Nullable<Integer>,
        email -> Text,
        listing_id -> Nullable<Integer>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttles (key) {
        key -> Text,
        attempts -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        lockouts -> Integer,
    }
}

diesel::table! {
    consents (id) {
        id -> Integer,
        person_id -> Integer,
        purpose -> Text,
        wording_version -> Text,
        given_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> Timestamp,
        actor_id -> Nullable<Integer>,
        action -> Text,
        subject -> Text,
        subject_person_id -> Nullable<Integer>,
        reason -> Text,
    }
}

diesel::table! {
    listing_versions (id) {
        id -> Integer,
        listing_id -> Integer,
        number -> Integer,
        author_id -> Nullable<Integer>,
        created_at -> Timestamp,
        snapshot -> Text,
        changed -> Text,
        note -> Text,
    }
}

diesel::table! {
    trusted_organisations (listing_id) {
        listing_id -> Integer,
        trusted_by -> Integer,
        trusted_at -> Timestamp,
    }
}

diesel::table! {
    proposals (id) {
        id -> Integer,
        listing_id -> Integer,
        author_id -> Integer,
        base_snapshot -> Nullable<Text>,
        proposed_snapshot -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Integer>,
        reason -> Text,
    }
}

diesel::table! {
    organisation_claims (id) {
        id -> Integer,
        listing_id -> Integer,
        person_id -> Integer,
        message -> Text,
        status -> Text,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Integer>,
        reason -> Text,
    }
}

diesel::table! {
    freshness_reminders (listing_id, checked_at) {
        listing_id -> Integer,
        checked_at -> Timestamp,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    problem_reports (id) {
        id -> Integer,
        listing_id -> Integer,
        kind -> Text,
        details -> Text,
        reporter_email -> Nullable<Text>,
        reporter_id -> Nullable<Integer>,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Integer>,
        resolution_note -> Text,
    }
}

diesel::table! {
    referral_services (id) {
        id -> Integer,
        name -> Text,
        programme_weeks -> Nullable<Integer>,
        programme_sessions -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    referrals (id) {
        id -> Integer,
        reference -> Text,
        idempotency_key -> Text,
        kind -> Text,
        status -> Text,
        borough_id -> Nullable<Integer>,
        consent_wording_version -> Text,
        consent_given_at -> Timestamp,
        referrer_person_id -> Nullable<Integer>,
        person_agreed -> Bool,
        referrer_wants_updates -> Bool,
        updates_consent -> Bool,
        first_contact_at -> Nullable<Timestamp>,
        suitable -> Nullable<Bool>,
        suitability_reason -> Text,
        assessment_booked_for -> Nullable<Timestamp>,
        assessment_held_at -> Nullable<Timestamp>,
        complexity -> Nullable<Text>,
        worker_id -> Nullable<Integer>,
        allocated_at -> Nullable<Timestamp>,
        service_id -> Nullable<Integer>,
        started_at -> Nullable<Timestamp>,
        sessions_held -> Integer,
        reviewed_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        referred_to -> Text,
        closing_summary -> Text,
        anonymised_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    referral_people (referral_id) {
        referral_id -> Integer,
        name -> Text,
        phone -> Text,
        email -> Text,
        contact_by_phone -> Bool,
        contact_by_text -> Bool,
        contact_by_email -> Bool,
        contact_times -> Text,
        safe_to_leave_message -> Nullable<Bool>,
        postcode -> Nullable<Text>,
        interests_other -> Text,
        barriers -> Text,
        access_needs -> Text,
    }
}

diesel::table! {
    referral_referrers (referral_id) {
        referral_id -> Integer,
        name -> Text,
        role -> Text,
        organisation -> Text,
        email -> Text,
        phone -> Text,
        reason -> Text,
        risks -> Text,
    }
}

diesel::table! {
    referral_interests (referral_id, interest_id) {
        referral_id -> Integer,
        interest_id -> Integer,
    }
}

diesel::table! {
    referral_events (id) {
        id -> Integer,
        referral_id -> Integer,
        at -> Timestamp,
        actor_id -> Nullable<Integer>,
        kind -> Text,
        note -> Text,
    }
}

diesel::table! {
    referral_pauses (id) {
        id -> Integer,
        referral_id -> Integer,
        started_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        reason -> Text,
    }
}

diesel::table! {
    occurrence_moves (id) {
        id -> Integer,
        listing_id -> Integer,
        original_starts_at -> Timestamp,
        starts_at -> Timestamp,
        ends_at -> Nullable<Timestamp>,
        note -> Text,
        moved_by -> Nullable<Integer>,
        moved_at -> Timestamp,
    }
}

diesel::table! {
    organiser_invitations (id) {
        id -> Integer,
        listing_id -> Integer,
        email -> Text,
        token_hash -> Text,
        invited_by -> Nullable<Integer>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<Integer>,
    }
}

diesel::table! {
    job_leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    community_groups (listing_id) {
        listing_id -> Integer,
        join_policy -> Text,
        join_question -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    group_members (group_id, person_id) {
        group_id -> Integer,
        person_id -> Integer,
        status -> Text,
        role -> Text,
        answer -> Text,
        created_at -> Timestamp,
        joined_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    community_events (listing_id) {
        listing_id -> Integer,
        capacity -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_rsvps (id) {
        id -> Integer,
        event_id -> Integer,
        occurrence_at -> Timestamp,
        person_id -> Nullable<Integer>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        guest_id -> Nullable<Integer>,
    }
}

diesel::table! {
    event_guests (id) {
        id -> Integer,
        event_id -> Integer,
        occurrence_at -> Timestamp,
        name -> Text,
        email -> Text,
        confirm_hash -> Text,
        cancel_hash -> Text,
        expires_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    casework_measures (id) {
        id -> Integer,
        referral_id -> Integer,
        instrument -> Text,
        point -> Text,
        taken_on -> Date,
        responses -> Text,
        total -> Integer,
        recorded_by -> Nullable<Integer>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    casework_contacts (id) {
        id -> Integer,
        referral_id -> Integer,
        contact_on -> Date,
        mode -> Text,
        minutes -> Integer,
        worker_id -> Nullable<Integer>,
        note -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    casework_goals (id) {
        id -> Integer,
        referral_id -> Integer,
        words -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    casework_steps (id) {
        id -> Integer,
        referral_id -> Integer,
        goal_id -> Integer,
        words -> Text,
        due_on -> Nullable<Date>,
        listing_id -> Nullable<Integer>,
        activity -> Nullable<Text>,
        status -> Text,
        stopped_why -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    casework_barriers (id) {
        id -> Integer,
        referral_id -> Integer,
        barrier -> Text,
        note -> Text,
        done -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    casework_strengths (id) {
        id -> Integer,
        referral_id -> Integer,
        whose -> Text,
        words -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    casework_reviews (id) {
        id -> Integer,
        referral_id -> Integer,
        kind -> Text,
        held_on -> Date,
        held_by -> Nullable<Integer>,
        gone_well -> Text,
        next_steps -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    casework_follow_ups (id) {
        id -> Integer,
        referral_id -> Integer,
        link_hash -> Nullable<Text>,
        link_sent_at -> Nullable<Timestamp>,
        link_expires_at -> Nullable<Timestamp>,
        answered_how -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        recorded_by -> Nullable<Integer>,
        more_supported -> Nullable<Integer>,
        more_independent -> Nullable<Integer>,
        crisis_better -> Nullable<Integer>,
        still_going -> Nullable<Bool>,
        comments -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    casework_network (id) {
        id -> Integer,
        referral_id -> Integer,
        point -> Text,
        name -> Text,
        relationship -> Text,
        ring -> Integer,
        is_new -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    discussion_settings (group_id) {
        group_id -> Integer,
        public -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    discussion_threads (id) {
        id -> Integer,
        group_id -> Integer,
        author_id -> Integer,
        title -> Text,
        pinned -> Bool,
        locked -> Bool,
        replies -> Integer,
        created_at -> Timestamp,
        last_post_at -> Timestamp,
    }
}

diesel::table! {
    discussion_posts (id) {
        id -> Integer,
        thread_id -> Integer,
        author_id -> Integer,
        body -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        hidden_at -> Nullable<Timestamp>,
        hidden_by -> Nullable<Integer>,
    }
}

diesel::table! {
    discussion_email_opt_outs (group_id, person_id) {
        group_id -> Integer,
        person_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    discussion_post_versions (id) {
        id -> Integer,
        post_id -> Integer,
        title -> Text,
        body -> Text,
        written_at -> Timestamp,
        replaced_at -> Timestamp,
    }
}

diesel::table! {
    outbox_attachments (id) {
        id -> Integer,
        outbox_id -> Integer,
        filename -> Text,
        content_type -> Text,
        content -> Binary,
    }
}

diesel::table! {
    event_reminders (event_id, occurrence_at, recipient) {
        event_id -> Integer,
        occurrence_at -> Timestamp,
        recipient -> Text,
        off_hash -> Text,
        off_used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reminder_opt_outs (recipient) {
        recipient -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    occurrence_sequences (listing_id, occurrence_at) {
        listing_id -> Integer,
        occurrence_at -> Timestamp,
        sequence -> Integer,
    }
}

diesel::table! {
    moderation_reports (id) {
        id -> Integer,
        reporter_id -> Nullable<Integer>,
        subject_kind -> Text,
        subject_id -> Integer,
        subject_person_id -> Nullable<Integer>,
        listing_id -> Nullable<Integer>,
        reason -> Text,
        details -> Text,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<Integer>,
        outcome -> Text,
    }
}

diesel::table! {
    moderation_notes (id) {
        id -> Integer,
        report_id -> Integer,
        author_id -> Nullable<Integer>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderation_log (id) {
        id -> Integer,
        actor_id -> Nullable<Integer>,
        action -> Text,
        subject_person_id -> Nullable<Integer>,
        report_id -> Nullable<Integer>,
        listing_id -> Nullable<Integer>,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    account_sanctions (id) {
        id -> Integer,
        person_id -> Integer,
        kind -> Text,
        reason -> Text,
        ends_at -> Nullable<Timestamp>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    group_bans (group_id, person_id) {
        group_id -> Integer,
        person_id -> Integer,
        reason -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    held_posts (post_id) {
        post_id -> Integer,
        report_id -> Integer,
        held_at -> Timestamp,
    }
}

diesel::table! {
    safety_activity (id) {
        id -> Integer,
        person_id -> Integer,
        activity -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    profiles (person_id) {
        person_id -> Integer,
        name_visibility -> Text,
        interests_visibility -> Text,
        borough_id -> Nullable<Integer>,
        borough_visibility -> Text,
        messages_from_groups -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    profile_interests (person_id, interest_id) {
        person_id -> Integer,
        interest_id -> Integer,
    }
}

diesel::table! {
    blocks (blocker_id, blocked_id) {
        blocker_id -> Integer,
        blocked_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    direct_messages (id) {
        id -> Integer,
        sender_id -> Integer,
        recipient_id -> Integer,
        body -> Text,
        sent_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    contact_messages (id) {
        id -> Integer,
        listing_id -> Integer,
        sender_id -> Nullable<Integer>,
        sender_name -> Text,
        sender_email -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contact_recipients (id) {
        id -> Integer,
        contact_message_id -> Integer,
        person_id -> Nullable<Integer>,
        email -> Text,
        token_hash -> Text,
    }
}

diesel::table! {
    contact_replies (id) {
        id -> Integer,
        contact_message_id -> Integer,
        recipient_id -> Integer,
        body -> Text,
        shows_address -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notification_settings (person_id) {
        person_id -> Integer,
        replies -> Bool,
        new_events -> Bool,
        digest -> Bool,
        borough_id -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    group_notification_mutes (group_id, person_id) {
        group_id -> Integer,
        person_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    digest_sends (person_id, week) {
        person_id -> Integer,
        week -> Text,
        off_hash -> Text,
        off_used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    event_announcements (event_id) {
        event_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    member_led_groups (listing_id) {
        listing_id -> Integer,
        founder_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(listings -> boroughs (borough_id));
diesel::joinable!(listing_interests -> listings (listing_id));
diesel::joinable!(listing_interests -> interests (interest_id));
diesel::joinable!(listing_boroughs_served -> listings (listing_id));
diesel::joinable!(listing_boroughs_served -> boroughs (borough_id));
diesel::joinable!(listing_audiences -> listings (listing_id));
diesel::joinable!(listing_facilities -> listings (listing_id));
diesel::joinable!(occurrence_cancellations -> listings (listing_id));
diesel::joinable!(person_roles -> people (person_id));
diesel::joinable!(organisers -> people (person_id));
diesel::joinable!(organisers -> listings (listing_id));
diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(consents -> people (person_id));
diesel::joinable!(listing_versions -> listings (listing_id));
diesel::joinable!(trusted_organisations -> listings (listing_id));
diesel::joinable!(proposals -> listings (listing_id));
diesel::joinable!(proposals -> people (author_id));
diesel::joinable!(organisation_claims -> listings (listing_id));
diesel::joinable!(organisation_claims -> people (person_id));
diesel::joinable!(freshness_reminders -> listings (listing_id));
diesel::joinable!(problem_reports -> listings (listing_id));
diesel::joinable!(referrals -> referral_services (service_id));
diesel::joinable!(referrals -> boroughs (borough_id));
diesel::joinable!(referral_people -> referrals (referral_id));
diesel::joinable!(referral_referrers -> referrals (referral_id));
diesel::joinable!(referral_interests -> referrals (referral_id));
diesel::joinable!(referral_interests -> interests (interest_id));
diesel::joinable!(referral_events -> referrals (referral_id));
diesel::joinable!(referral_pauses -> referrals (referral_id));
diesel::joinable!(occurrence_moves -> listings (listing_id));
diesel::joinable!(organiser_invitations -> listings (listing_id));
diesel::joinable!(community_groups -> listings (listing_id));
diesel::joinable!(group_members -> listings (group_id));
diesel::joinable!(group_members -> people (person_id));
diesel::joinable!(community_events -> listings (listing_id));
diesel::joinable!(event_rsvps -> listings (event_id));
diesel::joinable!(event_rsvps -> people (person_id));
diesel::joinable!(event_rsvps -> event_guests (guest_id));
diesel::joinable!(event_guests -> listings (event_id));
diesel::joinable!(casework_measures -> referrals (referral_id));
diesel::joinable!(casework_contacts -> referrals (referral_id));
diesel::joinable!(casework_goals -> referrals (referral_id));
diesel::joinable!(casework_steps -> casework_goals (goal_id));
diesel::joinable!(casework_steps -> listings (listing_id));
diesel::joinable!(casework_barriers -> referrals (referral_id));
diesel::joinable!(casework_strengths -> referrals (referral_id));
diesel::joinable!(casework_network -> referrals (referral_id));
diesel::joinable!(casework_reviews -> referrals (referral_id));
diesel::joinable!(casework_follow_ups -> referrals (referral_id));
diesel::joinable!(discussion_settings -> listings (group_id));
diesel::joinable!(discussion_threads -> listings (group_id));
diesel::joinable!(discussion_threads -> people (author_id));
diesel::joinable!(discussion_posts -> discussion_threads (thread_id));
diesel::joinable!(discussion_posts -> people (author_id));
diesel::joinable!(discussion_post_versions -> discussion_posts (post_id));
diesel::joinable!(discussion_email_opt_outs -> listings (group_id));
diesel::joinable!(outbox_attachments -> outbox (outbox_id));
diesel::joinable!(event_reminders -> listings (event_id));
diesel::joinable!(occurrence_sequences -> listings (listing_id));
diesel::joinable!(moderation_notes -> moderation_reports (report_id));
diesel::joinable!(held_posts -> discussion_posts (post_id));
diesel::joinable!(held_posts -> moderation_reports (report_id));
diesel::joinable!(account_sanctions -> people (person_id));
diesel::joinable!(group_bans -> people (person_id));
diesel::joinable!(profiles -> people (person_id));
diesel::joinable!(profiles -> boroughs (borough_id));
diesel::joinable!(profile_interests -> interests (interest_id));
diesel::joinable!(contact_messages -> listings (listing_id));
diesel::joinable!(contact_recipients -> contact_messages (contact_message_id));
diesel::joinable!(contact_replies -> contact_messages (contact_message_id));
diesel::joinable!(contact_replies -> contact_recipients (recipient_id));
diesel::joinable!(notification_settings -> people (person_id));
diesel::joinable!(notification_settings -> boroughs (borough_id));
diesel::joinable!(group_notification_mutes -> listings (group_id));
diesel::joinable!(group_notification_mutes -> people (person_id));
diesel::joinable!(digest_sends -> people (person_id));
diesel::joinable!(event_announcements -> listings (event_id));
diesel::joinable!(member_led_groups -> listings (listing_id));
diesel::joinable!(member_led_groups -> people (founder_id));

diesel::allow_tables_to_appear_in_same_query!(
    boroughs,
    changes,
    interests,
    listings,
    listing_interests,
    listing_boroughs_served,
    listing_audiences,
    listing_facilities,
    occurrence_cancellations,
    outbox,
    people,
    person_roles,
    organisers,
    sessions,
    email_tokens,
    throttles,
    consents,
    audit_log,
    listing_versions,
    trusted_organisations,
    proposals,
    organisation_claims,
    freshness_reminders,
    problem_reports,
    referral_services,
    referrals,
    referral_people,
    referral_referrers,
    referral_interests,
    referral_events,
    referral_pauses,
    occurrence_moves,
    organiser_invitations,
    job_leases,
    community_groups,
    group_members,
    community_events,
    event_rsvps,
    event_guests,
    casework_measures,
    casework_contacts,
    casework_goals,
    casework_steps,
    casework_barriers,
    casework_strengths,
    casework_network,
    casework_reviews,
    casework_follow_ups,
    discussion_settings,
    discussion_threads,
    discussion_posts,
    discussion_post_versions,
    discussion_email_opt_outs,
    outbox_attachments,
    event_reminders,
    reminder_opt_outs,
    occurrence_sequences,
    moderation_reports,
    moderation_notes,
    moderation_log,
    account_sanctions,
    group_bans,
    held_posts,
    safety_activity,
    profiles,
    profile_interests,
    blocks,
    direct_messages,
    contact_messages,
    contact_recipients,
    contact_replies,
    notification_settings,
    group_notification_mutes,
    digest_sends,
    event_announcements,
    member_led_groups,
);
