package org.chapkit.tasks.web.security;

import java.util.Locale;

import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a key may do: {@code read} every GET, {@code run} tasks and cancel jobs too, {@code admin} everything. */
public enum Role {
    READ, RUN, ADMIN;

    /** The name in configuration and in Spring Security's rules: {@code read}, {@code run}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    SimpleGrantedAuthority authority() {
        return new SimpleGrantedAuthority("ROLE_" + id());
    }

    static Role of(String id) {
        for (Role role : values()) {
            if (role.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a role; the roles are read, run and admin");
    }
}
