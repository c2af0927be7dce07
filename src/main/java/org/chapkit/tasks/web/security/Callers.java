package org.chapkit.tasks.web.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling, for the parts of a response only some callers may see. */
public final class Callers {

    private Callers() {
    }

    /**
     * Whether the caller of the current request holds the admin role; a service without keys counts everyone as admin.
     * Outside a request (a stream's later events, written by another thread) the answer is no.
     */
    public static boolean isAdmin() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        String admin = Role.ADMIN.authority().getAuthority();
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            if (admin.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
